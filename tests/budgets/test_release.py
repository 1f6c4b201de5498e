import datetime as dt

import pytest

from budgets.models import Allocation, Appropriation, Confirmation, Disbursement
from budgets.services import allocations_release
from khuyencong.models import AuditLog
from tests.factories import FinanceFactory, FundSourceFactory, ProposalFactory


@pytest.fixture
def funded(db):
    finance = FinanceFactory()
    proposal = ProposalFactory(state="in_progress", approved_amount=300_000_000)
    appropriation = Appropriation.objects.create(
        plan_year=2027,
        fund_source=FundSourceFactory(),
        amount=1_000_000_000,
        decision_number="12/QĐ-UBND",
        decision_date=dt.date(2027, 1, 5),
        created_by=finance,
    )
    allocation = Allocation.objects.create(
        appropriation=appropriation,
        proposal=proposal,
        amount=300_000_000,
        status=Confirmation.CONFIRMED,
        proposed_by=finance,
    )
    Disbursement.objects.create(
        allocation=allocation,
        kind="advance",
        amount=100_000_000,
        voucher_number="UNC-01",
        voucher_date=dt.date(2027, 3, 1),
        status=Confirmation.CONFIRMED,
        recorded_by=finance,
    )
    return proposal, allocation, finance


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
