"""Demo data for the documents: a plan year with proposals at every stage and its money.

Idempotent: rows are found by their codes and numbers, and the plan is aggregated only when
the year has no snapshot yet, so running ``load_demo`` twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from budgets.models import (
    Allocation,
    Appropriation,
    Confirmation,
    Disbursement,
    FundSource,
    Settlement,
)
from khuyencong.models import User
from proposals.models import ActivityGroup, ActivityType, CostLine, Proposal
from reports.models import PlanDeadline
from reports.selectors import latest_run
from reports.services.plan import plan_aggregate
from reports.services.reminders import plan_deadline_schedule

YEAR = 2026
M = 1_000_000

PROPOSALS: list[dict[str, Any]] = [
    {
        "code": "KC-2026-9501",
        "facility": "facility1",
        "state": "in_progress",
        "activity": 0,
        "fund": "provincial",
        "title": "Ứng dụng máy sấy bánh tráng bằng năng lượng mặt trời",
        "total_cost": 640 * M,
        "requested_support": 300 * M,
        "recommended_amount": 280 * M,
        "approved_amount": 280 * M,
        "jobs_created": 6,
        "decision_number": "125/QĐ-SCT",
        "allocation": (280 * M, Confirmation.CONFIRMED),
        "disbursements": [(140 * M, Confirmation.CONFIRMED), (60 * M, Confirmation.PROPOSED)],
    },
    {
        "code": "KC-2026-9502",
        "facility": "facility1",
        "state": "settled",
        "activity": 1,
        "fund": "provincial",
        "title": "Thiết kế bao bì, nhãn hiệu mứt trái cây Hoàng Long",
        "total_cost": 120 * M,
        "requested_support": 60 * M,
        "recommended_amount": 60 * M,
        "approved_amount": 55 * M,
        "jobs_created": 2,
        "decision_number": "125/QĐ-SCT",
        "allocation": (55 * M, Confirmation.CONFIRMED),
        "disbursements": [(52 * M, Confirmation.CONFIRMED)],
        "settlement": (52 * M, 3 * M),
    },
    {
        "code": "KC-2026-9503",
        "facility": "facility1",
        "state": "submitted",
        "activity": 0,
        "fund": "provincial",
        "title": "Đầu tư máy đóng gói chân không tự động",
        "total_cost": 420 * M,
        "requested_support": 200 * M,
    },
    {
        "code": "KC-2026-9504",
        "facility": "facility2",
        "state": "approved",
        "activity": 0,
        "fund": "national",
        "title": "Lò nung gốm đỏ tiết kiệm năng lượng, giảm phát thải",
        "total_cost": 900 * M,
        "requested_support": 300 * M,
        "recommended_amount": 300 * M,
        "approved_amount": 300 * M,
        "jobs_created": 12,
        "decision_number": "126/QĐ-SCT",
        "allocation": (300 * M, Confirmation.PROPOSED),
    },
    {
        "code": "KC-2026-9505",
        "facility": "facility2",
        "state": "rejected",
        "activity": 1,
        "fund": "national",
        "title": "Xây dựng thương hiệu gốm đỏ Mang Thít",
        "total_cost": 150 * M,
        "requested_support": 100 * M,
    },
]


def _catalogue() -> tuple[list[ActivityType], dict[str, FundSource]]:
    """The catalogue rows the demo uses: the seeded ones when there are, else two of its own."""
    types = list(ActivityType.objects.filter(is_active=True).order_by("pk")[:2])
    if len(types) < 2:
        group, _ = ActivityGroup.objects.get_or_create(
            number=3, defaults={"name": "Mô hình trình diễn, ứng dụng máy móc tiên tiến"}
        )
        for code, name in (
            ("demo-machinery", "Ứng dụng máy móc thiết bị tiên tiến"),
            ("demo-brand", "Hỗ trợ thiết kế, xây dựng thương hiệu"),
        ):
            ActivityType.objects.get_or_create(code=code, defaults={"group": group, "name": name})
        types = list(ActivityType.objects.filter(is_active=True).order_by("pk")[:2])
    funds = {
        code: FundSource.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in (
            ("provincial", "Kinh phí khuyến công địa phương"),
            ("national", "Kinh phí khuyến công quốc gia"),
        )
    }
    return types, funds


@transaction.atomic
def load_reports_demo(users: dict[str, User]) -> None:
    types, funds = _catalogue()
    dit = users["dit1"]
    appropriations = {
        code: Appropriation.objects.get_or_create(
            plan_year=YEAR,
            fund_source=fund,
            decision_number=f"DEMO-{code}/QĐ-UBND",
            defaults={
                "amount": 2_000 * M if code == "provincial" else 1_000 * M,
                "decision_date": dt.date(YEAR - 1, 12, 10),
                "created_by": dit,
            },
        )[0]
        for code, fund in funds.items()
    }
    for spec in PROPOSALS:
        owner = users[spec["facility"]]
        approved = spec.get("approved_amount")
        proposal, created = Proposal.objects.get_or_create(
            code=spec["code"],
            defaults={
                "facility": owner.facility,
                "created_by": owner,
                "state": spec["state"],
                "title": spec["title"],
                "activity_type": types[spec["activity"]],
                "fund_source": funds[spec["fund"]],
                "plan_year": YEAR,
                "implementing_unit": owner.facility.name,
                "location": owner.facility.address,
                "necessity": "Thiết bị hiện tại cũ, năng suất thấp, tiêu hao nhiều năng lượng.",
                "objectives": "Nâng cao năng suất, chất lượng sản phẩm và giảm chi phí.",
                "content_scale": spec["title"] + ".",
                "implementation_plan": "Triển khai trong quý II và quý III.",
                "expected_results": "Tăng 25% công suất, giảm 15% chi phí năng lượng.",
                "commitments": "Cơ sở cam kết bố trí đủ vốn đối ứng và sử dụng đúng mục đích.",
                "total_cost": spec["total_cost"],
                "requested_support": spec["requested_support"],
                "counterpart": spec["total_cost"] - spec["requested_support"],
                "recommended_amount": spec.get("recommended_amount"),
                "approved_amount": approved,
                "jobs_created": spec.get("jobs_created"),
                "decision_number": spec.get("decision_number", ""),
                "decision_date": dt.date(YEAR, 3, 6) if approved else None,
                "submitted_at": timezone.now(),
            },
        )
        if not created:
            continue
        CostLine.objects.create(
            proposal=proposal,
            position=1,
            content=spec["title"],
            unit="gói",
            quantity=1,
            unit_price=spec["total_cost"],
            amount=spec["total_cost"],
            requested_support=spec["requested_support"],
            counterpart=spec["total_cost"] - spec["requested_support"],
        )
        if "allocation" in spec:
            amount, status = spec["allocation"]
            allocation = Allocation.objects.create(
                appropriation=appropriations[spec["fund"]],
                proposal=proposal,
                amount=amount,
                status=status,
                proposed_by=dit,
            )
            for number, (paid, paid_status) in enumerate(spec.get("disbursements", []), 1):
                Disbursement.objects.create(
                    allocation=allocation,
                    kind=Disbursement.Kind.ADVANCE if number == 1 else Disbursement.Kind.PAYMENT,
                    amount=paid,
                    voucher_number=f"{spec['code']}-C{number}",
                    voucher_date=dt.date(YEAR, 5, number),
                    status=paid_status,
                    recorded_by=dit,
                )
        if "settlement" in spec:
            amount, returned = spec["settlement"]
            Settlement.objects.create(
                proposal=proposal, amount=amount, returned=returned, settled_by=users["finance1"]
            )
    deadline, created = PlanDeadline.objects.get_or_create(
        year=YEAR + 1,
        name="Cấp huyện gửi danh sách đề án năm sau về Sở Công Thương",
        defaults={"date": dt.date(YEAR, 10, 15), "reminder_days_before": 7},
    )
    if created:
        plan_deadline_schedule(deadline=deadline)
    if latest_run(YEAR) is None:
        transaction.on_commit(lambda: plan_aggregate(year=YEAR, trigger="demo"))
