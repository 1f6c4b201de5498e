"""Recovery of an advance (thu hồi tạm ứng) and the payment cap once accepted (issue 17, 9)."""

import datetime as dt

import pytest

from budgets.models import Allocation, Disbursement
from budgets.services import (
    disbursement_confirm,
    disbursement_record,
    disbursement_refuse,
    settlement_confirm,
)
from budgets.services.recovery import recovery_owed
from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog
from tests.factories_budget import AllocationFactory

DAY = dt.date(2027, 3, 2)


def _record(allocation, dit, kind, amount, voucher, day=DAY):
    return disbursement_record(
        allocation=allocation,
        kind=kind,
        amount=amount,
        voucher_number=voucher,
        voucher_date=day,
        actor=dit,
    )


def _accept(proposal, support):
    # The acceptance itself is tested in tests/proposals; here only its figures matter.
    proposal.state = "accepted"
    proposal.accepted_support = support
    proposal.save(update_fields=["state", "accepted_support"])


@pytest.fixture
def advanced(dit, finance):
    """The stuck case of issue 17: an advance of 125,000,000 confirmed on 250,000,000."""
    allocation = AllocationFactory(
        amount=250_000_000, proposal__state="in_progress", proposal__approved_amount=250_000_000
    )
    disbursement_confirm(
        disbursement=_record(allocation, dit, "advance", 125_000_000, "TU-1"), actor=finance
    )
    return allocation.proposal, allocation


def test_the_stuck_case_reaches_settlement_after_a_recovery_of_the_difference(
    advanced, dit, finance
):
    proposal, allocation = advanced
    _accept(proposal, 100_000_000)
    assert recovery_owed(proposal) == 25_000_000
    with pytest.raises(ServiceError, match="Cần ghi nhận thu hồi tạm ứng 25.000.000 đ"):
        settlement_confirm(proposal=proposal, amount=100_000_000, actor=finance)
    with pytest.raises(ServiceError, match="Vượt kinh phí nghiệm thu: quyết toán 125.000.000 đ"):
        settlement_confirm(proposal=proposal, amount=125_000_000, actor=finance)

    recovery = _record(allocation, dit, "recovery", 25_000_000, "TH-1")
    assert recovery_owed(proposal) == 0  # recorded, so not asked twice
    with pytest.raises(ServiceError, match="Còn 1 khoản phân bổ hoặc giải ngân chờ"):
        settlement_confirm(proposal=proposal, amount=100_000_000, actor=finance)
    disbursement_confirm(disbursement=recovery, actor=finance)

    settlement = settlement_confirm(proposal=proposal, amount=100_000_000, actor=finance)
    proposal.refresh_from_db()
    allocation.refresh_from_db()
    assert proposal.state == "settled"
    assert (settlement.amount, settlement.returned) == (100_000_000, 150_000_000)
    assert allocation.amount - allocation.released == 100_000_000
    assert Disbursement.objects.filter(allocation=allocation).confirmed().total() == 100_000_000


def test_a_recovery_is_recorded_with_its_voucher_and_audited(advanced, dit, finance):
    proposal, allocation = advanced
    recovery = _record(allocation, dit, "recovery", 25_000_000, "TH-7")
    assert recovery.get_kind_display() == "Thu hồi tạm ứng"
    assert recovery.get_status_display() == "Chờ Sở Tài chính xác nhận"
    assert AuditLog.objects.for_object(recovery).get().after["kind"] == "recovery"
    disbursement_confirm(disbursement=recovery, actor=finance)
    assert [row.action for row in AuditLog.objects.for_object(recovery)] == [
        "disbursement.record",
        "disbursement.confirm",
    ]


def test_a_refused_recovery_gives_nothing_back(advanced, dit, finance):
    proposal, allocation = advanced
    _accept(proposal, 100_000_000)
    recovery = _record(allocation, dit, "recovery", 25_000_000, "TH-1")
    disbursement_refuse(disbursement=recovery, actor=finance, reason="Chưa nộp tiền về kho bạc.")
    assert recovery_owed(proposal) == 25_000_000
    with pytest.raises(ServiceError, match="đã giải ngân 125.000.000 đ"):
        settlement_confirm(proposal=proposal, amount=100_000_000, actor=finance)


def test_it_refuses_to_recover_more_than_was_paid(advanced, dit):
    _proposal, allocation = advanced
    with pytest.raises(
        ServiceError,
        match=r"thu hồi 125.000.001 đ, đã giải ngân \(Sở Tài chính xác nhận\) 125.000.000 đ",
    ):
        _record(allocation, dit, "recovery", 125_000_001, "TH-1")
    _record(allocation, dit, "recovery", 100_000_000, "TH-1")
    with pytest.raises(ServiceError, match="còn có thể thu hồi 25.000.000 đ"):
        _record(allocation, dit, "recovery", 25_000_001, "TH-2")


def test_a_payment_beyond_the_accepted_support_is_refused(dit, finance):
    allocation = AllocationFactory(amount=300_000_000, proposal__approved_amount=300_000_000)
    _accept(allocation.proposal, 200_000_000)
    with pytest.raises(
        ServiceError,
        match="Vượt kinh phí nghiệm thu: đề nghị thanh toán 250.000.000 đ, kinh phí khuyến công "
        "được nghiệm thu 200.000.000 đ, đã giải ngân 0 đ, còn được thanh toán 200.000.000 đ",
    ):
        _record(allocation, dit, "payment", 250_000_000, "TT-1")
    assert not Disbursement.objects.exists()
    disbursement_confirm(
        disbursement=_record(allocation, dit, "payment", 200_000_000, "TT-1"), actor=finance
    )
    with pytest.raises(ServiceError, match="còn được thanh toán 0 đ"):
        _record(allocation, dit, "payment", 1, "TT-2")


def test_a_confirmed_recovery_frees_room_for_a_payment_within_the_allocation(
    advanced, dit, finance
):
    _proposal, allocation = advanced
    disbursement_confirm(
        disbursement=_record(allocation, dit, "payment", 125_000_000, "TT-1"), actor=finance
    )
    with pytest.raises(ServiceError, match="còn lại 0 đ"):
        _record(allocation, dit, "payment", 1, "TT-2")
    disbursement_confirm(
        disbursement=_record(allocation, dit, "recovery", 5_000_000, "TH-1"), actor=finance
    )
    _record(allocation, dit, "payment", 5_000_000, "TT-2")
    assert Allocation.objects.get(pk=allocation.pk).disbursements.counting().total() == 250_000_000
