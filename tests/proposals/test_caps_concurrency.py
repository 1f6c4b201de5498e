"""Two approvals for one facility at once cannot both pass its per-facility cap (PostgreSQL)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from proposals.models import Proposal, State
from proposals.services.review import proposal_approve
from tests.concurrency import race
from tests.conftest import requires_postgres
from tests.factories import ProposalFactory
from tests.factories_submission import machinery, provincial

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _appraised(facility) -> Proposal:
    return ProposalFactory(
        facility=facility,
        created_by=facility.users.first(),
        state="appraised",
        activity_type=machinery(),
        fund_source=provincial(),
        plan_year=2026,
        total_cost=800_000_000,
        requested_support=200_000_000,
        counterpart=600_000_000,
        recommended_amount=None,
    )


def test_two_leaders_approving_two_proposals_of_one_facility_at_once(world):
    facility = world.users["facility"].facility
    a, b = _appraised(facility), _appraised(facility)
    results, refusals, crashes = race(
        *(
            (
                lambda p=p: proposal_approve(
                    proposal=Proposal.objects.get(pk=p.pk),
                    actor=world.users["leader"],
                    approved_amount=200_000_000,
                    plan_year=2026,
                    decision_number=f"{p.pk}/QĐ-SCT",
                    decision_date=timezone.localdate(),
                )
            )
            for p in (a, b)
        )
    )
    assert crashes == []
    assert len(results) == 1 and len(refusals) == 1
    assert "vượt mức còn lại của cơ sở" in refusals[0]
    assert "còn lại 100.000.000 đ" in refusals[0]
    approved = Proposal.objects.filter(facility=facility, state=State.APPROVED)
    assert [p.approved_amount for p in approved] == [200_000_000]
