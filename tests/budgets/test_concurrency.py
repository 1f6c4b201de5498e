"""The money invariants under 20 concurrent requests (PostgreSQL row locks)."""

import datetime as dt
from collections.abc import Callable

import pytest

from budgets.models import Allocation, Appropriation, Disbursement, Settlement
from budgets.services import allocation_propose, disbursement_record
from tests.concurrency import race
from tests.conftest import requires_postgres
from tests.factories import DitFactory, FinanceFactory
from tests.factories_budget import AllocationFactory, AppropriationFactory, ApprovedProposalFactory

THREADS = 20

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def run_concurrently(calls: list[Callable[[], object]]) -> tuple[int, list[str]]:
    """Start every call at once, each in its own thread with its own connection."""
    successes, refusals, _crashes = race(*calls)
    return len(successes), refusals


def test_allocations_never_exceed_the_appropriation():
    dit = DitFactory()
    appropriation = AppropriationFactory(amount=300_000_000)
    proposals = [
        ApprovedProposalFactory(fund_source=appropriation.fund_source, approved_amount=100_000_000)
        for _ in range(THREADS)
    ]
    ok, refusals = run_concurrently(
        [
            lambda p=p: allocation_propose(
                appropriation=appropriation, proposal=p, amount=100_000_000, actor=dit
            )
            for p in proposals
        ]
    )
    assert ok == 3
    assert len(refusals) == THREADS - 3
    assert all(r.startswith("Vượt dự toán còn lại") for r in refusals)
    assert Allocation.objects.count() == 3
    assert Allocation.objects.net_total() == 300_000_000


def test_allocations_never_exceed_the_approved_support():
    dit = DitFactory()
    appropriation = AppropriationFactory(amount=10_000_000_000)
    proposal = ApprovedProposalFactory(
        fund_source=appropriation.fund_source, approved_amount=300_000_000
    )
    ok, refusals = run_concurrently(
        [
            lambda: allocation_propose(
                appropriation=appropriation, proposal=proposal, amount=100_000_000, actor=dit
            )
        ]
        * THREADS
    )
    assert ok == 3
    assert all(r.startswith("Vượt kinh phí được phê duyệt") for r in refusals)
    assert Allocation.objects.filter(proposal=proposal).net_total() == 300_000_000


def test_disbursements_never_exceed_the_allocation():
    dit = DitFactory()
    allocation = AllocationFactory(amount=300_000_000)
    ok, refusals = run_concurrently(
        [
            lambda n=n: disbursement_record(
                allocation=allocation,
                kind="payment",
                amount=100_000_000,
                voucher_number=f"UNC-{n}",
                voucher_date=dt.date(2027, 5, 1),
                actor=dit,
            )
            for n in range(THREADS)
        ]
    )
    assert ok == 3
    assert all(r.startswith("Vượt kinh phí phân bổ đã xác nhận") for r in refusals)
    assert Disbursement.objects.count() == 3
    assert Disbursement.objects.total() == 300_000_000


def test_advances_never_exceed_their_share():
    dit = DitFactory()
    allocation = AllocationFactory(amount=300_000_000)  # 50% → 150.000.000
    ok, refusals = run_concurrently(
        [
            lambda n=n: disbursement_record(
                allocation=allocation,
                kind="advance",
                amount=50_000_000,
                voucher_number=f"TU-{n}",
                voucher_date=dt.date(2027, 5, 1),
                actor=dit,
            )
            for n in range(THREADS)
        ]
    )
    assert ok == 3
    assert all(r.startswith("Vượt mức tạm ứng tối đa") for r in refusals)
    assert Disbursement.objects.total() == 150_000_000


def test_one_appropriation_feeds_exactly_as_many_allocations_as_fit_across_ten_threads():
    dit = DitFactory()
    appropriation = AppropriationFactory(amount=350_000_000)
    proposals = [
        ApprovedProposalFactory(fund_source=appropriation.fund_source, approved_amount=100_000_000)
        for _ in range(10)
    ]
    ok, _ = run_concurrently(
        [
            lambda p=p: allocation_propose(
                appropriation=appropriation, proposal=p, amount=100_000_000, actor=dit
            )
            for p in proposals
        ]
    )
    assert ok == 3
    assert Allocation.objects.net_total() <= 350_000_000


def test_decreases_never_take_the_appropriation_below_its_allocations():
    from budgets.services import appropriation_adjust

    finance = FinanceFactory()
    appropriation = AppropriationFactory(amount=1_000_000_000)
    AllocationFactory(appropriation=appropriation, amount=700_000_000)
    ok, refusals = run_concurrently(
        [
            lambda n=n: appropriation_adjust(
                appropriation=appropriation,
                delta=-100_000_000,
                reason="Cắt giảm",
                decision_number=f"G-{n}",
                decision_date=dt.date(2027, 6, 1),
                actor=finance,
            )
            for n in range(THREADS)
        ]
    )
    assert ok == 3
    assert all(r.startswith("Dự toán sau điều chỉnh thấp hơn") for r in refusals)
    assert Appropriation.objects.with_figures().get().effective == 700_000_000


def test_allocations_racing_a_decrease_never_exceed_the_appropriation():
    from budgets.services import appropriation_adjust

    dit, finance = DitFactory(), FinanceFactory()
    appropriation = AppropriationFactory(amount=1_000_000_000)
    proposals = [
        ApprovedProposalFactory(fund_source=appropriation.fund_source, approved_amount=100_000_000)
        for _ in range(THREADS - 1)
    ]
    calls: list[Callable[[], object]] = [
        lambda p=p: allocation_propose(
            appropriation=appropriation, proposal=p, amount=100_000_000, actor=dit
        )
        for p in proposals
    ]
    calls.append(
        lambda: appropriation_adjust(
            appropriation=appropriation,
            delta=-500_000_000,
            reason="Cắt giảm",
            decision_number="G-X",
            decision_date=dt.date(2027, 6, 1),
            actor=finance,
        )
    )
    run_concurrently(calls)
    figures = Appropriation.objects.with_figures().get()
    assert figures.committed <= figures.effective


def test_a_proposal_is_settled_once():
    from budgets.services import settlement_confirm

    finance = FinanceFactory()
    allocation = AllocationFactory(
        amount=300_000_000, proposal__state="accepted", proposal__accepted_support=300_000_000
    )
    ok, refusals = run_concurrently(
        [
            lambda: settlement_confirm(
                proposal=allocation.proposal, amount=200_000_000, actor=finance
            )
        ]
        * THREADS
    )
    assert ok == 1
    assert Settlement.objects.count() == 1
    allocation.refresh_from_db()
    assert allocation.released == 100_000_000
