"""(1) The proposal dossier (hồ sơ đề án), printed for the facility's signature."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from proposals.models import CostLine, Proposal
from reports import excel
from reports.documents.base import DocumentError, Header

KIND = "dossier"
TEMPLATE = "reports/print/dossier.html"


def size(*, proposal: int) -> int:
    """Table rows of the document (its cost lines), to decide where it is rendered."""
    return CostLine.objects.filter(proposal=proposal).count()


def context(*, proposal: int) -> dict[str, Any]:
    found = (
        Proposal.objects.select_related(
            "facility__locality", "locality", "activity_type__group", "fund_source"
        )
        .filter(pk=proposal)
        .first()
    )
    if found is None:
        raise DocumentError(_("Không tìm thấy đề án."))
    lines = list(CostLine.objects.filter(proposal=found))
    totals = CostLine.objects.filter(proposal=found).aggregate(
        amount=Coalesce(Sum("amount"), 0),
        requested_support=Coalesce(Sum("requested_support"), 0),
        counterpart=Coalesce(Sum("counterpart"), 0),
    )
    facility = found.facility
    header = Header(
        title="Đề án khuyến công",
        subtitle=found.title,
        symbol="ĐA",
        issuer=facility.name,
        issuer_superior="",
        # The local day: a dossier submitted at 00:30 on 1 January (UTC+7) is dated 1 January.
        day=timezone.localdate(found.submitted_at or found.created_at),
        recipients=[
            settings.DEPARTMENT_NAME,
            (found.locality or facility.locality).committee_name,
            "Lưu: cơ sở",
        ],
        signature_authority="Đại diện cơ sở",
        signature_position=facility.representative_title or "Chủ cơ sở",
        signer=facility.representative,
    )
    return {
        "doc": header,
        "proposal": found,
        "facility": facility,
        "lines": lines,
        "totals": totals,
        "filename": f"ho-so-{found.code or found.pk}",
    }


def workbook(ctx: dict[str, Any]) -> Workbook:
    book = excel.new_workbook()
    excel.add_table(
        book,
        sheet="Dự toán kinh phí",
        title=f"Dự toán kinh phí đề án {ctx['proposal'].code or ''}: {ctx['proposal'].title}",
        subtitle=ctx["facility"].name,
        columns=[
            excel.Column("STT", lambda r: r[0], width=6),
            excel.Column("Nội dung chi", lambda r: r[1].content, width=40),
            excel.Column("Đơn vị tính", lambda r: r[1].unit, width=10),
            excel.Column("Số lượng", lambda r: float(r[1].quantity), width=10),
            excel.Column("Đơn giá (đồng)", lambda r: r[1].unit_price, number=True),
            excel.Column("Thành tiền (đồng)", lambda r: r[1].amount, number=True),
            excel.Column(
                "Khuyến công hỗ trợ (đồng)", lambda r: r[1].requested_support, number=True
            ),
            excel.Column("Vốn đối ứng (đồng)", lambda r: r[1].counterpart, number=True),
        ],
        rows=list(enumerate(ctx["lines"], start=1)),
    )
    return book
