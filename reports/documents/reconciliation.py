"""(6) The budget reconciliation report for the Finance Department (đối chiếu kinh phí)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from openpyxl import Workbook

from budgets.models import (
    Allocation,
    Appropriation,
    AppropriationAdjustment,
    Confirmation,
    Disbursement,
    Settlement,
    signed_amount,
)
from khuyencong.catalogue.models import FundSource
from proposals.models import Proposal
from reports import excel
from reports.documents.base import department
from reports.services.plan import ZERO, money_subquery, per_proposal_money

KIND = "reconciliation"
TEMPLATE = "reports/print/reconciliation.html"

BIG = models.BigIntegerField()

FUND_FIGURES = (
    "granted",
    "allocated_confirmed",
    "allocated_pending",
    "disbursed_confirmed",
    "disbursed_pending",
    "settled",
    "remaining",
)


def _by_fund(year: int) -> list[dict[str, Any]]:
    """One row per fund source: granted, allocated, disbursed, settled (each a GROUP BY)."""
    adjustments = (
        AppropriationAdjustment.objects.filter(appropriation=OuterRef("pk"))
        .values("appropriation")
        .annotate(total=Sum("delta"))
        .values("total")
    )
    granted = dict(
        Appropriation.objects.filter(plan_year=year)
        .annotate(
            adjusted=ExpressionWrapper(F("amount") + money_subquery(adjustments), output_field=BIG)
        )
        .values("fund_source")
        .annotate(total=Sum("adjusted"))
        .values_list("fund_source", "total")
    )
    net = ExpressionWrapper(F("amount") - F("released"), output_field=BIG)
    allocations = {
        row["appropriation__fund_source"]: row
        for row in Allocation.objects.filter(appropriation__plan_year=year)
        .values("appropriation__fund_source")
        .annotate(
            confirmed=Coalesce(Sum(net, filter=Q(status=Confirmation.CONFIRMED)), ZERO),
            pending=Coalesce(Sum(net, filter=Q(status=Confirmation.PROPOSED)), ZERO),
        )
    }
    disbursements = {
        row["allocation__appropriation__fund_source"]: row
        for row in Disbursement.objects.filter(allocation__appropriation__plan_year=year)
        .values("allocation__appropriation__fund_source")
        .annotate(
            confirmed=Coalesce(Sum(signed_amount(), filter=Q(status=Confirmation.CONFIRMED)), ZERO),
            pending=Coalesce(Sum(signed_amount(), filter=Q(status=Confirmation.PROPOSED)), ZERO),
        )
    }
    settled = dict(
        Settlement.objects.filter(proposal__plan_year=year)
        .values("proposal__fund_source")
        .annotate(total=Sum("amount"))
        .values_list("proposal__fund_source", "total")
    )
    funds = set(granted) | set(allocations) | set(disbursements) | set(settled)
    rows = []
    for fund in FundSource.objects.filter(pk__in=funds).order_by("code"):
        alloc = allocations.get(fund.pk, {})
        paid = disbursements.get(fund.pk, {})
        row = {
            "label": fund.name,
            "granted": granted.get(fund.pk, 0),
            "allocated_confirmed": alloc.get("confirmed", 0),
            "allocated_pending": alloc.get("pending", 0),
            "disbursed_confirmed": paid.get("confirmed", 0),
            "disbursed_pending": paid.get("pending", 0),
            "settled": settled.get(fund.pk, 0),
        }
        row["remaining"] = row["granted"] - row["allocated_confirmed"] - row["allocated_pending"]
        rows.append(row)
    return rows


def _by_proposal(year: int) -> list[Proposal]:
    pending = (
        Disbursement.objects.filter(
            allocation__proposal=OuterRef("pk"), status=Confirmation.PROPOSED
        )
        .values("allocation__proposal")
        .annotate(total=Sum(signed_amount()))
        .values("total")
    )
    returned = Settlement.objects.filter(proposal=OuterRef("pk")).values("returned")
    return list(
        Proposal.objects.filter(plan_year=year, allocations__isnull=False)
        .distinct()
        .annotate(
            **per_proposal_money(),
            m_pending=money_subquery(pending),
            m_returned=Coalesce(Subquery(returned, output_field=models.BigIntegerField()), ZERO),
        )
        .select_related("facility")
        .order_by("code")
    )


def context(*, year: int) -> dict[str, Any]:
    funds = _by_fund(year)
    proposals = _by_proposal(year)
    fund_totals = {name: sum(row[name] for row in funds) for name in FUND_FIGURES}
    proposal_totals = {
        name: sum(getattr(p, name) for p in proposals)
        for name in ("m_allocated", "m_disbursed", "m_pending", "m_settled", "m_returned")
    }
    header = department(
        title="Báo cáo",
        subtitle=f"Đối chiếu kinh phí khuyến công năm {year}",
        symbol="BC-SCT",
        recipients=[f"Sở Tài chính tỉnh {settings.PROVINCE_NAME}", "Lưu: VT, KHTC"],
    )
    return {
        "doc": header,
        "year": year,
        "province": settings.PROVINCE_NAME,
        "funds": funds,
        "fund_totals": fund_totals,
        "proposals": proposals,
        "proposal_totals": proposal_totals,
        "filename": f"doi-chieu-kinh-phi-{year}",
    }


def workbook(ctx: dict[str, Any]) -> Workbook:
    book = excel.new_workbook()
    excel.add_table(
        book,
        sheet="Theo nguồn kinh phí",
        title=f"Đối chiếu kinh phí khuyến công năm {ctx['year']} theo nguồn",
        columns=[
            excel.Column("Nguồn kinh phí", lambda r: r["label"], width=36),
            excel.Column("Dự toán được giao (đồng)", lambda r: r["granted"], number=True),
            excel.Column("Phân bổ đã xác nhận", lambda r: r["allocated_confirmed"], number=True),
            excel.Column("Phân bổ chờ xác nhận", lambda r: r["allocated_pending"], number=True),
            excel.Column("Giải ngân đã xác nhận", lambda r: r["disbursed_confirmed"], number=True),
            excel.Column("Giải ngân chờ xác nhận", lambda r: r["disbursed_pending"], number=True),
            excel.Column("Đã quyết toán", lambda r: r["settled"], number=True),
            excel.Column("Dự toán còn lại", lambda r: r["remaining"], number=True),
        ],
        rows=ctx["funds"],
    )
    excel.add_table(
        book,
        sheet="Theo đề án",
        title=f"Đối chiếu kinh phí khuyến công năm {ctx['year']} theo đề án",
        columns=[
            excel.Column("Mã hồ sơ", lambda p: p.code, width=14),
            excel.Column("Cơ sở", lambda p: p.facility.name, width=30),
            excel.Column("Đã phân bổ (đồng)", lambda p: p.m_allocated, number=True),
            excel.Column("Giải ngân đã xác nhận", lambda p: p.m_disbursed, number=True),
            excel.Column("Giải ngân chờ xác nhận", lambda p: p.m_pending, number=True),
            excel.Column("Quyết toán (đồng)", lambda p: p.m_settled, number=True),
            excel.Column("Hoàn trả dự toán", lambda p: p.m_returned, number=True),
        ],
        rows=ctx["proposals"],
    )
    return book
