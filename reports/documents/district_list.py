"""(2) A district's list of proposals for a plan year, sent to the DIT."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from openpyxl import Workbook

from khuyencong.localities import has_intermediate_review
from khuyencong.models import Locality
from reports import excel
from reports.documents.base import DocumentError, Header, year_proposals

KIND = "district-list"
TEMPLATE = "reports/print/district_list.html"


def reviewed_proposals(year: int) -> Any:
    """The proposals of ``year`` that went through a local committee: a proposal submitted
    straight to the DIT (recorded level "none", ``INTERMEDIATE_LEVEL=none``) is on no
    committee's list."""
    return year_proposals(year).exclude(review_level="none")


def size(*, locality: int, year: int) -> int:
    """Table rows of the document (its proposals), to decide where it is rendered."""
    # The recorded locality, as in ``context``: a moved facility's old proposals stay put.
    return reviewed_proposals(year).filter(locality=locality).count()


def context(*, locality: int, year: int) -> dict[str, Any]:
    place = Locality.objects.filter(pk=locality).first()
    if place is None:
        raise DocumentError(_("Không tìm thấy địa bàn."))
    proposals = (
        reviewed_proposals(year)
        .filter(locality=place)
        .select_related("facility", "activity_type", "fund_source")
        .order_by(F("district_priority").asc(nulls_last=True), "code")
    )
    if not has_intermediate_review() and not proposals.exists():
        raise DocumentError(
            _(
                "Đề án năm %(year)s được nộp thẳng Sở Công Thương, không qua UBND địa phương: "
                "không có danh sách của địa phương."
            )
            % {"year": year}
        )
    totals = proposals.aggregate(
        count=Count("pk"),
        total_cost=Coalesce(Sum("total_cost"), 0),
        requested_support=Coalesce(Sum("requested_support"), 0),
        counterpart=Coalesce(Sum("counterpart"), 0),
    )
    header = Header(
        title=f"Danh sách đề án khuyến công năm {year}",
        subtitle=f"{place.committee_name} đề nghị Sở Công Thương xem xét, hỗ trợ",
        # Issued and signed by the unit's People's Committee itself, dated at its own place:
        # issuer, symbol (UBND), signature (TM. UBND) and place agree.
        symbol="DS-UBND",
        issuer_superior="",
        issuer=place.committee_name,
        recipients=[settings.DEPARTMENT_NAME, "Lưu: VT"],
        signature_authority="TM. Ủy ban nhân dân",
        signature_position="Chủ tịch",
        place=place.place_name,
    )
    return {
        "doc": header,
        "locality": place,
        "year": year,
        "proposals": list(proposals),
        "totals": totals,
        "filename": f"danh-sach-de-an-{place.code}-{year}",
    }


def workbook(ctx: dict[str, Any]) -> Workbook:
    book = excel.new_workbook()
    excel.add_table(
        book,
        sheet="Danh sách đề án",
        title=ctx["doc"].title,
        subtitle=ctx["doc"].subtitle,
        columns=[
            excel.Column("STT", lambda r: r[0], width=6),
            excel.Column("Mã hồ sơ", lambda r: r[1].code, width=14),
            excel.Column("Cơ sở", lambda r: r[1].facility.name, width=30),
            excel.Column("Tên đề án", lambda r: r[1].title, width=40),
            excel.Column("Nội dung hoạt động", lambda r: str(r[1].activity_type or ""), width=25),
            excel.Column("Tổng kinh phí (đồng)", lambda r: r[1].total_cost, number=True),
            excel.Column("Đề nghị hỗ trợ (đồng)", lambda r: r[1].requested_support, number=True),
            excel.Column("Vốn đối ứng (đồng)", lambda r: r[1].counterpart, number=True),
            excel.Column("Thứ tự ưu tiên", lambda r: r[1].district_priority, width=10),
            excel.Column("Trạng thái", lambda r: r[1].get_state_display(), width=25),
        ],
        rows=list(enumerate(ctx["proposals"], start=1)),
    )
    return book
