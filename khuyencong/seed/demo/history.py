"""The demo's earlier plan year (2025), reviewed under the old districts before the reform.

Entered as history, the way a province imports its paper records: each proposal keeps the
district that reviewed it (``Proposal.locality``), while its facility now sits in a commune.
Dates agree: submitted in September 2024, forwarded by the district two weeks later, approved by
decision of 15/01/2025, accepted in October 2025. Idempotent.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from khuyencong.catalogue.models import ActivityType, FundSource
from khuyencong.models import Locality, User
from khuyencong.seed.demo.people import HISTORY_DISTRICT
from proposals.models import CostLine, DossierSequence, Proposal, State
from proposals.monitoring.models import Acceptance

HISTORY_YEAR = 2025
M = 1_000_000
SUBMITTED = dt.datetime(2024, 9, 16, 9, 0, tzinfo=dt.UTC)
FORWARDED = dt.datetime(2024, 9, 30, 9, 0, tzinfo=dt.UTC)
DECISION = ("09/QĐ-SCT", dt.date(2025, 1, 15))

# (owner, title, activity, cost, support, final state, district opinion or reason)
RECORDS = [
    (
        "facility1",
        "Máy ép bánh tráng tự động (năm 2025)",
        "advanced-machinery",
        420 * M,
        200 * M,
        State.ACCEPTED,
        "UBND huyện Long Hồ đề nghị hỗ trợ; ưu tiên 1.",
    ),
    (
        "facility2",
        "Lò nung gốm tiết kiệm năng lượng (năm 2025)",
        "advanced-machinery",
        600 * M,
        250 * M,
        State.ACCEPTED,
        "UBND huyện Mang Thít đề nghị hỗ trợ; ưu tiên 1.",
    ),
    (
        "facility4",
        "Khung dệt chiếu cải tiến (năm 2025)",
        "advanced-machinery",
        150 * M,
        60 * M,
        State.REJECTED,
        "Cơ sở chưa đủ vốn đối ứng theo xác nhận của ngân hàng.",
    ),
]


def load_history(users: dict[str, User]) -> list[Proposal]:
    """The 2025 plan year under the districts; returns its proposals."""
    fund = FundSource.objects.get(code="provincial")
    played = []
    with transaction.atomic():
        sequence, _ = DossierSequence.objects.get_or_create(year=HISTORY_YEAR)
        for n, (owner, title, activity, cost, support, state, opinion) in enumerate(RECORDS, 1):
            facility = users[owner].facility
            found = Proposal.objects.filter(facility=facility, title=title).first()
            if found is None:
                found = _record(
                    n, users[owner], facility, title, activity, fund, cost, support, state, opinion
                )
                _accept(found, users["dit1"], cost, support)
            played.append(found)
        sequence.last = max(sequence.last, len(RECORDS))
        sequence.save(update_fields=["last"])
    return played


def _record(
    n: int, owner: User, facility, title, activity, fund, cost, support, state, opinion
) -> Proposal:
    district = Locality.objects.get(code=HISTORY_DISTRICT[owner.username])
    approved = state == State.ACCEPTED
    proposal = Proposal.objects.create(
        code=f"KC-{HISTORY_YEAR}-{n:04d}",
        facility=facility,
        locality=district,
        review_level="district",
        created_by=owner,
        created_at=SUBMITTED - dt.timedelta(days=3),
        updated_at=SUBMITTED,
        submitted_at=SUBMITTED,
        state=state,
        state_changed_at=dt.datetime(2025, 10, 20, 9, 0, tzinfo=dt.UTC) if approved else FORWARDED,
        title=title,
        activity_type=ActivityType.objects.get(code=activity),
        fund_source=fund,
        plan_year=HISTORY_YEAR,
        implementing_unit=facility.name,
        location=facility.address,
        start_date=dt.date(2025, 3, 1),
        end_date=dt.date(2025, 9, 30),
        necessity="Thiết bị cũ, năng suất thấp.",
        objectives="Nâng cao năng suất, giảm tiêu hao năng lượng.",
        content_scale="Đầu tư thiết bị theo dự toán.",
        implementation_plan="Quý I mua sắm, quý II lắp đặt, quý III nghiệm thu.",
        expected_results="Tăng 25% công suất.",
        commitments="Cơ sở cam kết bố trí đủ vốn đối ứng.",
        jobs_created=4,
        total_cost=cost,
        requested_support=support,
        counterpart=cost - support,
        district_opinion=opinion if approved else "",
        district_priority=1 if approved else None,
        last_reason="" if approved else opinion,
        recommended_amount=support if approved else None,
        approved_amount=support if approved else None,
        decision_number=DECISION[0] if approved else "",
        decision_date=DECISION[1] if approved else None,
    )
    CostLine.objects.create(
        proposal=proposal,
        content=title.split(" (")[0],
        unit="bộ",
        quantity=1,
        unit_price=cost,
        amount=cost,
        requested_support=support,
        counterpart=cost - support,
    )
    return proposal


def _accept(proposal: Proposal, recorder: User, cost: int, support: int) -> None:
    if proposal.state != State.ACCEPTED:
        return
    Acceptance.objects.create(
        proposal=proposal,
        accepted_on=dt.date(2025, 10, 20),
        members="Sở Công Thương, UBND huyện, đại diện cơ sở",
        result=Acceptance.Result.PASS,
        accepted_cost=cost,
        accepted_support=support,
        jobs_achieved=4,
        recorded_by=recorder,
        recorded_at=timezone.make_aware(dt.datetime(2025, 10, 20, 16, 0)),
    )
