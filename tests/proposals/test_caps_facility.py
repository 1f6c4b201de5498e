"""Issue 17 item 5: a per-facility cap holds across the facility's proposals of a plan year.

The seeded advanced-machinery rule (Circular 28/2018/TT-BTC Art. 8(4)): 50 %, at most
300.000.000 đ per facility, 1.5 × that (450.000.000 đ) for a complete production line.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from khuyencong.catalogue.models import ActivityType, FundSource
from khuyencong.exceptions import ServiceError
from proposals.caps import facility_year_use
from proposals.models import Proposal, State
from proposals.services.appraisal import appraisal_conclude
from proposals.services.review import BulkApprovalError, proposal_approve, proposals_approve_bulk
from proposals.support import support_check
from tests.factories import ProposalFactory
from tests.factories_review import with_council
from tests.factories_submission import complete_draft, machinery, provincial

TODAY = timezone.localdate


def _proposal(facility, state: str, *, year: int = 2026, **kwargs) -> Proposal:
    fields = {
        "facility": facility,
        "created_by": facility.users.first(),
        "state": state,
        "activity_type": machinery(),
        "fund_source": provincial(),
        "plan_year": year,
        "total_cost": 800_000_000,
        "requested_support": 300_000_000,
        "counterpart": 500_000_000,
        **kwargs,
    }
    return ProposalFactory(**fields)


def _approve(proposal: Proposal, leader, amount: int, year: int = 2026) -> Proposal:
    return proposal_approve(
        proposal=proposal,
        actor=leader,
        approved_amount=amount,
        plan_year=year,
        decision_number="12/QĐ-SCT",
        decision_date=TODAY(),
    )


def test_a_second_approval_past_the_facility_cap_is_refused_with_the_figures(world):
    facility = world.users["facility"].facility
    first = _proposal(facility, "approved", approved_amount=200_000_000)
    second = _proposal(facility, "appraised", recommended_amount=150_000_000)
    message = (
        "Kinh phí phê duyệt 150.000.000 đ vượt mức còn lại của cơ sở. "
        "Cơ sở đã được hỗ trợ 200.000.000 đ cho nội dung và nguồn kinh phí này trong năm 2026 "
        f"({first.code}: 200.000.000 đ (Đã phê duyệt)); mức tối đa 300.000.000 đ/cơ sở; "
        "còn lại 100.000.000 đ."
    )
    with pytest.raises(ServiceError, match=re.escape(message)):
        _approve(second, world.users["leader"], 150_000_000)
    second.refresh_from_db()
    assert second.state == State.APPRAISED and second.approved_amount is None


def test_an_approval_exactly_at_the_remaining_cap_passes(world):
    facility = world.users["facility"].facility
    _proposal(facility, "approved", approved_amount=200_000_000)
    second = _proposal(facility, "appraised", recommended_amount=100_000_000)
    _approve(second, world.users["leader"], 100_000_000)
    second.refresh_from_db()
    assert second.state == State.APPROVED and second.approved_amount == 100_000_000


def test_the_issue_example_three_machinery_proposals_cannot_reach_820_million(world):
    facility = world.users["facility"].facility
    first = _proposal(facility, "appraised", recommended_amount=300_000_000)
    _approve(first, world.users["leader"], 300_000_000)
    # Written straight into the database: the council could not have recommended these.
    others = [_proposal(facility, "appraised", recommended_amount=260_000_000) for _ in "ab"]
    for proposal in others:
        with pytest.raises(ServiceError, match="còn lại 0 đ"):
            _approve(proposal, world.users["leader"], 260_000_000)
    approved = Proposal.objects.filter(facility=facility, state=State.APPROVED)
    assert sum(p.approved_amount for p in approved) == 300_000_000


@pytest.mark.parametrize(
    ("state", "fields", "counted"),
    [
        ("approved", {"approved_amount": 120_000_000}, 120_000_000),
        ("in_progress", {"approved_amount": 120_000_000}, 120_000_000),
        (
            "accepted",
            {"approved_amount": 120_000_000, "accepted_support": 90_000_000},
            90_000_000,
        ),
        ("settled", {"approved_amount": 120_000_000, "accepted_support": 80_000_000}, 80_000_000),
        ("appraised", {"recommended_amount": 110_000_000}, 110_000_000),
        ("withdrawn", {"approved_amount": None}, 0),
        ("rejected", {"recommended_amount": 200_000_000}, 0),
        ("cancelled", {"approved_amount": 200_000_000}, 0),
        ("submitted", {}, 0),
    ],
)
def test_what_another_proposal_counts_for(world, state, fields, counted):
    facility = world.users["facility"].facility
    _proposal(facility, state, **fields)
    mine = _proposal(facility, "appraised", recommended_amount=50_000_000)
    use = facility_year_use(mine)
    assert use.used == counted
    assert use.remaining == 300_000_000 - counted


def test_another_year_another_fund_or_another_facility_do_not_count(world):
    facility = world.users["facility"].facility
    _proposal(facility, "approved", year=2027, approved_amount=300_000_000)
    _proposal(
        facility,
        "approved",
        fund_source=FundSource.objects.get(code="national"),
        approved_amount=300_000_000,
    )
    _proposal(world.users["facility_other"].facility, "approved", approved_amount=300_000_000)
    mine = _proposal(facility, "appraised", recommended_amount=300_000_000)
    _approve(mine, world.users["leader"], 300_000_000)
    mine.refresh_from_db()
    assert mine.state == State.APPROVED


def test_a_production_line_raises_the_facility_cap_to_one_and_a_half_times(world):
    facility = world.users["facility"].facility
    _proposal(facility, "approved", approved_amount=300_000_000)
    line = _proposal(
        facility,
        "appraised",
        is_production_line=True,
        total_cost=1_000_000_000,
        requested_support=450_000_000,
        counterpart=550_000_000,
        recommended_amount=150_000_000,
    )
    use = facility_year_use(line)
    assert (use.ceiling, use.remaining) == (450_000_000, 150_000_000)
    with pytest.raises(ServiceError, match=re.escape("mức tối đa 450.000.000 đ/cơ sở")):
        _approve(line, world.users["leader"], 150_000_001)
    _approve(line, world.users["leader"], 150_000_000)


def test_approving_into_another_plan_year_checks_that_year(world):
    facility = world.users["facility"].facility
    _proposal(facility, "approved", year=2027, approved_amount=250_000_000)
    mine = _proposal(facility, "appraised", recommended_amount=100_000_000)
    with pytest.raises(ServiceError, match="trong năm 2027"):
        _approve(mine, world.users["leader"], 100_000_000, year=2027)
    _approve(mine, world.users["leader"], 100_000_000, year=2026)


def test_the_council_cannot_recommend_past_the_facility_cap(world):
    facility = world.users["facility"].facility
    first = _proposal(facility, "in_progress", approved_amount=280_000_000)
    mine = _proposal(facility, "under_appraisal")
    with_council(mine, scored=2)
    message = (
        "Kinh phí hội đồng đề nghị 30.000.000 đ vượt mức còn lại của cơ sở. "
        "Cơ sở đã được hỗ trợ 280.000.000 đ cho nội dung và nguồn kinh phí này trong năm 2026 "
        f"({first.code}: 280.000.000 đ (Đang thực hiện)); mức tối đa 300.000.000 đ/cơ sở; "
        "còn lại 20.000.000 đ."
    )
    with pytest.raises(ServiceError, match=re.escape(message)):
        appraisal_conclude(proposal=mine, actor=world.users["dit"], recommended_amount=30_000_000)
    appraisal_conclude(proposal=mine, actor=world.users["dit"], recommended_amount=20_000_000)
    mine.refresh_from_db()
    assert mine.state == State.APPRAISED and mine.recommended_amount == 20_000_000


def test_the_council_cannot_recommend_past_the_proposal_cap(world):
    mine = _proposal(world.users["facility"].facility, "under_appraisal", total_cost=400_000_000)
    with_council(mine, scored=2)
    with pytest.raises(ServiceError, match=re.escape("vượt mức hỗ trợ tối đa 200.000.000 đ")):
        appraisal_conclude(proposal=mine, actor=world.users["dit"], recommended_amount=200_000_001)


def test_bulk_approval_counts_the_earlier_approvals_of_the_same_selection(world):
    facility = world.users["facility"].facility
    a = _proposal(facility, "appraised", recommended_amount=200_000_000)
    b = _proposal(facility, "appraised", recommended_amount=100_000_000)
    with pytest.raises(BulkApprovalError) as caught:
        proposals_approve_bulk(
            proposals=[a, b],
            actor=world.users["leader"],
            plan_year=2026,
            decision_number="30/QĐ-SCT",
            decision_date=TODAY(),
            amounts={a.pk: 200_000_000, b.pk: 150_000_000},
        )
    assert list(caught.value.errors) == [b.pk]
    assert "còn lại 100.000.000 đ" in caught.value.errors[b.pk]
    assert Proposal.objects.filter(pk__in=[a.pk, b.pk], state=State.APPROVED).count() == 0
    done = proposals_approve_bulk(
        proposals=[a, b],
        actor=world.users["leader"],
        plan_year=2026,
        decision_number="30/QĐ-SCT",
        decision_date=TODAY(),
    )
    assert sorted(p.approved_amount for p in done) == [100_000_000, 200_000_000]


def test_submission_warns_with_the_figures_of_the_other_proposals_but_submits(world, client):
    owner = world.users["facility"]
    year = TODAY().year + 1
    other = _proposal(owner.facility, "approved", year=year, approved_amount=250_000_000)
    draft = complete_draft(owner, support=100_000_000)
    check = support_check(draft)
    assert check.over_facility_cap
    client.force_login(owner)
    response = client.post(reverse("proposals:proposal_submit", args=[draft.pk]), follow=True)
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED
    text = response.content.decode()
    assert "vượt mức còn lại của cơ sở" in text
    assert f"{other.code}: 250.000.000 đ (Đã phê duyệt)" in text
    assert "còn lại 50.000.000 đ" in text


def test_a_draft_page_shows_the_facility_figures(world, client):
    owner = world.users["facility"]
    year = TODAY().year + 1
    _proposal(owner.facility, "appraised", year=year, recommended_amount=120_000_000)
    draft = complete_draft(owner, support=100_000_000, submitted_at=None)
    client.force_login(owner)
    response = client.get(reverse("proposals:proposal_edit", args=[draft.pk]))
    text = response.content.decode()
    assert 'id="facility-cap"' in text
    assert "Cơ sở đã được hỗ trợ 120.000.000 đ" in text
    assert "còn lại 180.000.000 đ" in text


def test_a_rule_per_proposal_does_not_add_up_the_facility(world):
    facility = world.users["facility"].facility
    showroom = ActivityType.objects.get(code="showroom")
    _proposal(facility, "approved", activity_type=showroom, approved_amount=200_000_000)
    mine = _proposal(facility, "appraised", activity_type=showroom, recommended_amount=200_000_000)
    assert facility_year_use(mine) is None
    _approve(mine, world.users["leader"], 200_000_000)


def test_the_decision_date_does_not_matter_for_the_year_cap(world):
    # The cap is per plan year, not per calendar year of the decision.
    facility = world.users["facility"].facility
    _proposal(facility, "approved", approved_amount=300_000_000, decision_date=dt.date(2025, 12, 1))
    mine = _proposal(facility, "appraised", recommended_amount=10_000_000)
    with pytest.raises(ServiceError, match="còn lại 0 đ"):
        _approve(mine, world.users["leader"], 10_000_000)
