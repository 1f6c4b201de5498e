"""Money out at its exact limits: disbursements, advances, recoveries, settlement, voucher dates
and the querysets every sum goes through (issue 19, item 2).

Written against the mutants of the budget-invariant group the other budget tests let live; see
tests/budgets/test_money_checks.py. Every expected value is typed by hand; ADVANCE_MAX_PERCENT
is its default, 50.
"""

import datetime as dt
import re

import pytest

from budgets.models import Allocation, Confirmation, Disbursement, Settlement
from budgets.services import disbursement_record, settlement_confirm
from budgets.services.recovery import paid_figures, recovery_owed
from khuyencong.exceptions import ServiceError
from tests.factories_budget import AllocationFactory, AppropriationFactory, DisbursementFactory

DAY = dt.date(2027, 3, 2)


def _exactly(message):
    return "^" + re.escape(message) + "$"


def _record(allocation, dit, kind, amount, voucher, day=DAY):
    return disbursement_record(
        allocation=allocation,
        kind=kind,
        amount=amount,
        voucher_number=voucher,
        voucher_date=day,
        actor=dit,
    )


def _running(amount=300_000_000, **kwargs):
    return AllocationFactory(
        amount=amount,
        proposal__state="in_progress",
        proposal__approved_amount=amount,
        **kwargs,
    )


# --- Disbursed ≤ allocated, advances ≤ their share ---------------------------------------------


def test_a_payment_beyond_the_allocation_names_every_figure(dit):
    allocation = _running(released=50_000_000)  # 300 M, 50 M given back: 250 M net
    DisbursementFactory(allocation=allocation, amount=100_000_000)
    with pytest.raises(
        ServiceError,
        match=_exactly(
            "Vượt kinh phí phân bổ đã xác nhận: đề nghị 150.000.001 đ, còn lại 150.000.000 đ "
            "(phân bổ 250.000.000 đ, đã giải ngân 100.000.000 đ)."
        ),
    ):
        _record(allocation, dit, "payment", 150_000_001, "TT-2")
    _record(allocation, dit, "payment", 150_000_000, "TT-2")


def test_advances_are_counted_per_allocation(dit):
    first = _running()
    second = _running(appropriation=first.appropriation)
    _record(first, dit, "advance", 150_000_000, "TU-1")
    # Half of the second allocation is still free for an advance of its own.
    advance = _record(second, dit, "advance", 150_000_000, "TU-1")
    assert (advance.allocation_id, advance.amount) == (second.pk, 150_000_000)


def test_a_payment_does_not_use_the_advance_share(dit):
    allocation = _running()
    _record(allocation, dit, "payment", 200_000_000, "TT-1")
    advance = _record(allocation, dit, "advance", 100_000_000, "TU-1")
    assert advance.amount == 100_000_000


def test_an_advance_beyond_a_used_share_shows_nothing_left(dit):
    allocation = _running()
    _record(allocation, dit, "advance", 150_000_000, "TU-1")
    with pytest.raises(
        ServiceError,
        match=_exactly(
            "Vượt mức tạm ứng tối đa (50% phân bổ = 150.000.000 đ): đề nghị 1 đ, "
            "còn được tạm ứng 0 đ."
        ),
    ):
        _record(allocation, dit, "advance", 1, "TU-2")


# --- Recovery -----------------------------------------------------------------------------------


def test_all_that_was_paid_may_be_recovered_and_not_a_dong_more(dit):
    allocation = _running()
    DisbursementFactory(allocation=allocation, kind="advance", amount=125_000_000)
    recovery = _record(allocation, dit, "recovery", 125_000_000, "TH-1")
    assert (recovery.kind, recovery.status) == ("recovery", Confirmation.PROPOSED)
    with pytest.raises(
        ServiceError,
        match=_exactly(
            "Vượt số có thể thu hồi: thu hồi 1 đ, đã giải ngân (Sở Tài chính xác nhận) "
            "125.000.000 đ, đã thu hồi 125.000.000 đ, còn có thể thu hồi 0 đ."
        ),
    ):
        _record(allocation, dit, "recovery", 1, "TH-2")


def test_only_an_accepted_proposal_owes_a_recovery(db):
    running = _running()
    DisbursementFactory(allocation=running, kind="advance", amount=150_000_000)
    assert recovery_owed(running.proposal) == 0
    # Settled on 100 M with 150 M confirmed paid (written directly, as by an import): the
    # settlement closed the file, nothing is asked again.
    settled = AllocationFactory(proposal__state="settled", proposal__accepted_support=100_000_000)
    DisbursementFactory(allocation=settled, amount=150_000_000)
    assert recovery_owed(settled.proposal) == 0
    accepted = AllocationFactory(proposal__state="accepted", proposal__accepted_support=100_000_000)
    DisbursementFactory(allocation=accepted, amount=150_000_000)
    assert recovery_owed(accepted.proposal) == 50_000_000


def test_paid_figures_keep_advances_and_recoveries_apart(db):
    allocation = _running()
    DisbursementFactory(allocation=allocation, kind="advance", amount=125_000_000)
    DisbursementFactory(allocation=allocation, kind="recovery", amount=25_000_000)
    DisbursementFactory(
        allocation=allocation, kind="payment", amount=10_000_000, status=Confirmation.PROPOSED
    )
    DisbursementFactory(
        allocation=allocation, kind="recovery", amount=5_000_000, status=Confirmation.PROPOSED
    )
    DisbursementFactory(
        allocation=allocation, kind="payment", amount=7_000_000, status=Confirmation.REFUSED
    )
    figures = paid_figures(allocation_id=allocation.pk)
    assert (
        figures.out_confirmed,
        figures.out_counting,
        figures.recovered_confirmed,
        figures.recovered_counting,
    ) == (125_000_000, 135_000_000, 25_000_000, 30_000_000)
    assert (figures.paid, figures.paid_at_most) == (100_000_000, 110_000_000)
    assert paid_figures(proposal_id=allocation.proposal_id) == figures


def test_a_proposal_page_reads_what_finance_confirmed_as_paid(db):
    allocation = _running()
    DisbursementFactory(allocation=allocation, kind="advance", amount=125_000_000)
    DisbursementFactory(allocation=allocation, kind="recovery", amount=25_000_000)
    DisbursementFactory(allocation=allocation, amount=10_000_000, status=Confirmation.PROPOSED)
    other = _running(appropriation=allocation.appropriation)
    DisbursementFactory(allocation=other, amount=40_000_000)
    assert allocation.proposal.allocations.paid() == 100_000_000
    assert Allocation.objects.all().paid() == 140_000_000


# --- Settlement ---------------------------------------------------------------------------------


@pytest.fixture
def accepted(db):
    allocation = AllocationFactory(
        amount=300_000_000,
        proposal__state="accepted",
        proposal__accepted_support=260_000_000,
    )
    DisbursementFactory(allocation=allocation, amount=150_000_000, kind="advance")
    return allocation.proposal, allocation


def _settle_refused(proposal, finance, amount, message):
    with pytest.raises(ServiceError, match=_exactly(message)):
        settlement_confirm(proposal=proposal, amount=amount, actor=finance)
    proposal.refresh_from_db()
    assert proposal.state == "accepted"
    assert not Settlement.objects.exists()


def test_a_pending_allocation_holds_the_settlement(accepted, finance):
    proposal, allocation = accepted
    AllocationFactory(
        appropriation=allocation.appropriation,
        proposal=proposal,
        amount=10_000_000,
        status=Confirmation.PROPOSED,
    )
    _settle_refused(
        proposal,
        finance,
        200_000_000,
        "Còn 1 khoản phân bổ hoặc giải ngân chờ Sở Tài chính xác nhận.",
    )


def test_a_settlement_needs_the_accepted_support(accepted, finance):
    proposal, _allocation = accepted
    proposal.accepted_support = None
    proposal.save(update_fields=["accepted_support"])
    _settle_refused(
        proposal, finance, 200_000_000, "Đề án chưa có kinh phí khuyến công được nghiệm thu."
    )


def test_the_settlement_refusals_name_both_figures(accepted, finance):
    proposal, _allocation = accepted
    _settle_refused(
        proposal,
        finance,
        260_000_001,
        "Vượt kinh phí nghiệm thu: quyết toán 260.000.001 đ, nghiệm thu 260.000.000 đ.",
    )
    _settle_refused(
        proposal,
        finance,
        149_999_999,
        "Thấp hơn số đã giải ngân: quyết toán 149.999.999 đ, đã giải ngân 150.000.000 đ. "
        "Cần ghi nhận thu hồi tạm ứng 1 đ (được Sở Tài chính xác nhận) trước khi quyết toán.",
    )
    proposal.accepted_support = 400_000_000
    proposal.save(update_fields=["accepted_support"])
    _settle_refused(
        proposal,
        finance,
        300_000_001,
        "Vượt kinh phí phân bổ đã xác nhận: quyết toán 300.000.001 đ, phân bổ 300.000.000 đ.",
    )


def test_a_settlement_may_use_the_whole_allocation_and_exactly_what_was_paid(finance):
    whole = AllocationFactory(
        amount=300_000_000, proposal__state="accepted", proposal__accepted_support=300_000_000
    )
    settlement = settlement_confirm(proposal=whole.proposal, amount=300_000_000, actor=finance)
    assert (settlement.amount, settlement.returned) == (300_000_000, 0)
    paid = AllocationFactory(
        amount=300_000_000, proposal__state="accepted", proposal__accepted_support=300_000_000
    )
    DisbursementFactory(allocation=paid, amount=120_000_000)
    settlement = settlement_confirm(proposal=paid.proposal, amount=120_000_000, actor=finance)
    assert (settlement.amount, settlement.returned) == (120_000_000, 180_000_000)


# --- Voucher dates ------------------------------------------------------------------------------


@pytest.fixture
def early(db):
    # Appropriation of 2027 decided on 20/12/2026, before its year starts.
    appropriation = AppropriationFactory(
        decision_number="88/QĐ-UBND", decision_date=dt.date(2026, 12, 20)
    )
    return _running(appropriation=appropriation)


def test_a_voucher_may_be_dated_today_but_not_tomorrow(early, dit, budget_day):
    budget_day(dt.date(2027, 6, 30))
    assert _record(early, dit, "payment", 1, "TT-1", day=dt.date(2027, 6, 30)).voucher_date == (
        dt.date(2027, 6, 30)
    )
    with pytest.raises(
        ServiceError,
        match=_exactly("Ngày chứng từ 01/07/2027 không được sau ngày hôm nay (30/06/2027)."),
    ):
        _record(early, dit, "payment", 1, "TT-2", day=dt.date(2027, 7, 1))


def test_the_budget_year_starts_on_the_first_of_january(early, dit):
    assert _record(early, dit, "advance", 1, "TU-1", day=dt.date(2027, 1, 1)).voucher_date == (
        dt.date(2027, 1, 1)
    )
    with pytest.raises(
        ServiceError,
        match=_exactly(
            "Ngày chứng từ 31/12/2026 nằm ngoài năm ngân sách 2027: tạm ứng được ghi từ "
            "01/01/2027 đến 31/12/2027."
        ),
    ):
        _record(early, dit, "advance", 1, "TU-2", day=dt.date(2026, 12, 31))


def test_a_voucher_before_the_decision_names_it(dit):
    allocation = _running(
        appropriation__decision_number="5/QĐ-UBND",
        appropriation__decision_date=dt.date(2027, 1, 5),
    )
    with pytest.raises(
        ServiceError,
        match=_exactly(
            "Ngày chứng từ 04/01/2027 không được trước ngày quyết định giao dự toán "
            "5/QĐ-UBND (05/01/2027)."
        ),
    ):
        _record(allocation, dit, "payment", 1, "TT-1", day=dt.date(2027, 1, 4))
    assert not Disbursement.objects.exists()
