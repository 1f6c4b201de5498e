"""(4) The approval decision with its annex of proposals and amounts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from openpyxl import Workbook

from reports import excel
from reports.documents.base import cited_bases, department, year_proposals
from reports.services.plan import APPROVED

KIND = "decision"
TEMPLATE = "reports/print/decision.html"


def context(*, year: int, decision_number: str = "") -> dict[str, Any]:
    proposals = year_proposals(year).filter(state__in=APPROVED)
    if decision_number:
        proposals = proposals.filter(decision_number=decision_number)
    proposals = proposals.select_related("locality", "activity_type", "fund_source").order_by(
        "locality__code", "code"
    )
    totals = proposals.aggregate(
        count=Count("pk"),
        total_cost=Coalesce(Sum("total_cost"), 0),
        approved=Coalesce(Sum("approved_amount"), 0),
        decided_on=Max("decision_date"),
    )
    header = department(
        title="Quyết định",
        subtitle=f"Về việc phê duyệt đề án khuyến công năm {year}",
        symbol="QĐ-SCT",
        number=decision_number,
        day=totals["decided_on"] or timezone.localdate(),
        recipients=[
            "Như Điều 3",
            f"UBND tỉnh {settings.PROVINCE_NAME} (báo cáo)",
            f"Sở Tài chính tỉnh {settings.PROVINCE_NAME}",
            "Lưu: VT, TTKC",
        ],
        signature_authority="",
        signature_position="Giám đốc",
    )
    return {
        "doc": header,
        "year": year,
        "bases": cited_bases("decision"),
        "decision_number": decision_number,
        "proposals": list(proposals),
        "totals": totals,
        "filename": f"quyet-dinh-phe-duyet-{year}",
    }


def workbook(ctx: dict[str, Any]) -> Workbook:
    book = excel.new_workbook()
    excel.add_table(
        book,
        sheet="Phụ lục",
        title=f"Phụ lục: danh mục đề án khuyến công năm {ctx['year']} được phê duyệt",
        subtitle=f"Kèm theo Quyết định số {ctx['decision_number'] or '....../QĐ-SCT'}",
        columns=[
            excel.Column("STT", lambda r: r[0], width=6),
            excel.Column("Mã hồ sơ", lambda r: r[1].code, width=14),
            excel.Column("Cơ sở thụ hưởng", lambda r: r[1].facility.name, width=30),
            excel.Column(
                "Địa bàn", lambda r: (r[1].locality or r[1].facility.locality).name, width=18
            ),
            excel.Column("Tên đề án", lambda r: r[1].title, width=40),
            excel.Column("Nguồn kinh phí", lambda r: str(r[1].fund_source or ""), width=20),
            excel.Column("Tổng kinh phí (đồng)", lambda r: r[1].total_cost, number=True),
            excel.Column("Kinh phí phê duyệt (đồng)", lambda r: r[1].approved_amount, number=True),
        ],
        rows=list(enumerate(ctx["proposals"], start=1)),
    )
    return book
