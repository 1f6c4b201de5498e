import pytest

from budgets.models import Allocation
from budgets.services import allocation_propose, allocations_release
from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog
from tests.factories import FinanceFactory
from tests.factories_budget import AllocationFactory, ApprovedProposalFactory, DisbursementFactory


@pytest.fixture
def funded(db):
    # The real workflow through the one factory of each model: the DIT proposed the allocation
    # and recorded the advance, Finance confirmed both.
    finance = FinanceFactory()
    allocation = AllocationFactory(
        amount=300_000_000,
        proposal__state="in_progress",
        proposal__approved_amount=300_000_000,
        appropriation__decision_number="12/QĐ-UBND",
        appropriation__created_by=finance,
        confirmed_by=finance,
    )
    DisbursementFactory(
        allocation=allocation, kind="advance", amount=100_000_000, confirmed_by=finance
    )
    return allocation.proposal, allocation, finance


def test_it_releases_only_the_unspent_part(funded):
    proposal, allocation, finance = funded
    released = allocations_release(
        proposal_id=proposal.pk, amount=None, actor=finance, reason="Hủy đề án"
    )
    allocation.refresh_from_db()
    assert released == 200_000_000
    assert allocation.released == 200_000_000
    assert AuditLog.objects.filter(action="allocation.release").count() == 1


def test_it_releases_a_given_amount_and_never_more_than_is_free(funded):
    proposal, allocation, finance = funded
    assert (
        allocations_release(
            proposal_id=proposal.pk, amount=50_000_000, actor=finance, reason="Giảm hỗ trợ"
        )
        == 50_000_000
    )
    assert (
        allocations_release(
            proposal_id=proposal.pk, amount=500_000_000, actor=finance, reason="Hủy"
        )
        == 150_000_000
    )
    allocation.refresh_from_db()
    assert allocation.released == 200_000_000


def test_only_confirmed_allocations_are_released_and_their_room_comes_back(funded, dit):
    proposal, allocation, finance = funded
    appropriation = allocation.appropriation
    pending = AllocationFactory(
        appropriation=appropriation, proposal=proposal, amount=20_000_000, status="proposed"
    )
    refused = AllocationFactory(
        appropriation=appropriation, proposal=proposal, amount=50_000_000, status="refused"
    )
    released = allocations_release(
        proposal_id=proposal.pk, amount=None, actor=finance, reason="Hủy đề án"
    )
    assert released == 200_000_000
    pending.refresh_from_db()
    refused.refresh_from_db()
    assert (pending.released, refused.released) == (0, 0)
    # 1.000.000.000 - (300 - 200 released) - 20 pending = 880.000.000 đ left; the refused 50
    # counts for nothing.
    other = ApprovedProposalFactory(
        plan_year=2027, fund_source=appropriation.fund_source, approved_amount=900_000_000
    )
    with pytest.raises(ServiceError, match=r"còn lại 880\.000\.000 đ\.$"):
        allocation_propose(
            appropriation=appropriation, proposal=other, amount=880_000_001, actor=dit
        )
    allocation_propose(appropriation=appropriation, proposal=other, amount=880_000_000, actor=dit)
    assert Allocation.objects.filter(proposal=other).get().amount == 880_000_000
