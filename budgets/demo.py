"""Budget demo data: an appropriation, allocations and payments in every state. Idempotent.

DEMO SHORTCUT (for the lead): approved proposals come from the review and acceptance branches,
so the proposals below are created directly with the ORM in the state each needs (their codes
start with ``KC-DEMO-``). Once the real services are merged, create them through those services
and keep only the money part, which already goes through ``budgets.services``.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from budgets import services
from budgets.models import Appropriation, FundSource
from khuyencong.models import User
from proposals.models import ActivityType, Facility, Proposal, State

DECISION = "DEMO-21/QĐ-UBND"
M = 1_000_000

# code, facility key, title, final state, approved amount, accepted support
PROPOSALS = [
    ("KC-DEMO-0001", "facility1", "Ứng dụng máy đóng gói bánh tráng tự động", State.IN_PROGRESS,
     300 * M, None),
    ("KC-DEMO-0002", "facility2", "Lò nung gốm tiết kiệm năng lượng", State.APPROVED, 250 * M,
     None),
    ("KC-DEMO-0003", "facility1", "Dây chuyền sấy trái cây", State.ACCEPTED, 400 * M, 380 * M),
    ("KC-DEMO-0004", "facility2", "Thiết kế bao bì và nhãn hiệu gốm đỏ", State.APPROVED,
     200 * M, None),
]  # fmt: skip


def _activity_type() -> ActivityType:
    # Seeded by the catalogue migration.
    return ActivityType.objects.get(code="advanced-machinery")


def _proposals(users: dict[str, User], fund: FundSource, year: int) -> dict[str, Proposal]:
    activity = _activity_type()
    result = {}
    for code, key, title, _state, approved, _accepted in PROPOSALS:
        owner = users[key]
        facility: Facility = owner.facility
        proposal, _ = Proposal.objects.get_or_create(
            code=code,
            defaults={
                "facility": facility,
                "created_by": owner,
                # In progress while the money is recorded; the final state is set afterwards.
                "state": State.IN_PROGRESS,
                "submitted_at": timezone.now(),
                "title": title,
                "activity_type": activity,
                "fund_source": fund,
                "plan_year": year,
                "total_cost": approved * 2,
                "requested_support": approved,
                "counterpart": approved,
                "approved_amount": approved,
                "decision_number": "DEMO-88/QĐ-SCT",
                "decision_date": dt.date(year, 3, 1),
            },
        )
        result[code] = proposal
    return result


@transaction.atomic
def load_budget(users: dict[str, User]) -> None:
    if Appropriation.objects.filter(decision_number=DECISION).exists():
        return
    year = timezone.localdate().year
    finance, dit = users["finance1"], users["dit1"]
    fund = FundSource.objects.get(code="provincial")
    p = _proposals(users, fund, year)
    appropriation = services.appropriation_create(
        plan_year=year,
        fund_source=fund,
        amount=1_000 * M,
        decision_number=DECISION,
        decision_date=dt.date(year, 1, 10),
        actor=finance,
    )
    services.appropriation_adjust(
        appropriation=appropriation,
        delta=300 * M,
        reason="Bổ sung dự toán giữa năm (dữ liệu mẫu)",
        decision_number="DEMO-120/QĐ-UBND",
        decision_date=dt.date(year, 7, 1),
        actor=finance,
    )

    def allocate(code: str, amount: int):
        return services.allocation_propose(
            appropriation=appropriation, proposal=p[code], amount=amount, actor=dit
        )

    def pay(allocation, kind: str, amount: int, voucher: str, day: int):
        return services.disbursement_record(
            allocation=allocation,
            kind=kind,
            amount=amount,
            voucher_number=voucher,
            voucher_date=dt.date(year, 4, day),
            actor=dit,
        )

    first = allocate("KC-DEMO-0001", 300 * M)
    services.allocation_confirm(allocation=first, actor=finance)
    services.disbursement_confirm(
        disbursement=pay(first, "advance", 100 * M, "DEMO-UNC-01", 2), actor=finance
    )
    services.disbursement_refuse(
        disbursement=pay(first, "payment", 60 * M, "DEMO-UNC-02", 9),
        actor=finance,
        reason="Chứng từ thiếu chữ ký (dữ liệu mẫu)",
    )
    pay(first, "payment", 50 * M, "DEMO-UNC-03", 20)  # waits for Finance

    allocate("KC-DEMO-0002", 250 * M)  # waits for Finance

    third = allocate("KC-DEMO-0003", 400 * M)
    services.allocation_confirm(allocation=third, actor=finance)
    for voucher, kind, amount, day in [
        ("DEMO-UNC-04", "advance", 200 * M, 3),
        ("DEMO-UNC-05", "payment", 150 * M, 25),
    ]:
        services.disbursement_confirm(
            disbursement=pay(third, kind, amount, voucher, day), actor=finance
        )

    refused = allocate("KC-DEMO-0004", 100 * M)
    services.allocation_refuse(
        allocation=refused,
        actor=finance,
        reason="Chờ quyết định điều chỉnh nội dung (dữ liệu mẫu)",
    )

    for code, _key, _title, state, _approved, accepted in PROPOSALS:
        Proposal.objects.filter(code=code).update(state=state, accepted_support=accepted)
