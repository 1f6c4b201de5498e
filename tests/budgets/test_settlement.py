import datetime as dt
import re

import pytest

from budgets.models import Allocation, Settlement
from budgets.services import settlement_confirm
from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog
from tests.factories_budget import AllocationFactory, DisbursementFactory


@pytest.fixture
def accepted(db):
    allocation = AllocationFactory(
        amount=300_000_000,
        proposal__state="accepted",
        proposal__accepted_support=260_000_000,
    )
    DisbursementFactory(allocation=allocation, amount=150_000_000, kind="advance")
    return allocation.proposal, allocation


def test_it_settles_and_returns_the_unspent_part(accepted, finance):
    proposal, allocation = accepted
    settlement = settlement_confirm(proposal=proposal, amount=250_000_000, actor=finance)
    proposal.refresh_from_db()
    allocation.refresh_from_db()
    assert proposal.state == "settled"
    assert settlement.amount == 250_000_000 and settlement.returned == 50_000_000
    assert allocation.released == 50_000_000
    assert AuditLog.objects.filter(action="proposal.settle", object_id=str(proposal.pk)).exists()
    assert AuditLog.objects.for_object(settlement).get().after == {
        "amount": 250_000_000,
        "returned": 50_000_000,
    }


def _refused(proposal, allocation, finance, amount, message):
    with pytest.raises(ServiceError, match=re.escape(message)):
        settlement_confirm(proposal=proposal, amount=amount, actor=finance)
    proposal.refresh_from_db()
    allocation.refresh_from_db()
    assert proposal.state == "accepted"
    assert allocation.released == 0
    assert not Settlement.objects.exists()


def test_it_refuses_more_than_the_accepted_support(accepted, finance):
    _refused(
        *accepted,
        finance,
        270_000_000,
        "Vượt kinh phí nghiệm thu: quyết toán 270.000.000 đ, nghiệm thu 260.000.000 đ",
    )


def test_it_refuses_more_than_the_confirmed_allocation(accepted, finance):
    proposal, allocation = accepted
    proposal.accepted_support = 400_000_000
    proposal.save(update_fields=["accepted_support"])
    _refused(
        proposal,
        allocation,
        finance,
        350_000_000,
        "Vượt kinh phí phân bổ đã xác nhận: quyết toán 350.000.000 đ, phân bổ 300.000.000 đ",
    )


def test_it_refuses_less_than_what_was_paid(accepted, finance):
    _refused(
        *accepted,
        finance,
        100_000_000,
        "Thấp hơn số đã giải ngân: quyết toán 100.000.000 đ, đã giải ngân 150.000.000 đ",
    )


def test_it_refuses_while_items_wait_for_finance(accepted, finance):
    proposal, allocation = accepted
    DisbursementFactory(allocation=allocation, amount=10_000_000, status="proposed")
    _refused(proposal, allocation, finance, 200_000_000, "chờ Sở Tài chính xác nhận")


def test_only_finance_settles_an_accepted_proposal(accepted, dit, finance):
    proposal, allocation = accepted
    with pytest.raises(ServiceError, match="Vai trò"):
        settlement_confirm(proposal=proposal, amount=200_000_000, actor=dit)
    settlement_confirm(proposal=proposal, amount=200_000_000, actor=finance)
    with pytest.raises(ServiceError, match="trạng thái"):
        settlement_confirm(proposal=proposal, amount=200_000_000, actor=finance)
    assert Settlement.objects.count() == 1


def test_a_payment_after_settlement_stays_within_it(accepted, dit, finance):
    from budgets.services import disbursement_record

    proposal, allocation = accepted
    settlement_confirm(proposal=proposal, amount=250_000_000, actor=finance)
    allocation = Allocation.objects.get(pk=allocation.pk)
    with pytest.raises(ServiceError, match="còn lại 100.000.000 đ"):
        disbursement_record(
            allocation=allocation,
            kind="payment",
            amount=100_000_001,
            voucher_number="TT-9",
            voucher_date=dt.date(2027, 3, 1),
            actor=dit,
        )
    disbursement_record(
        allocation=allocation,
        kind="payment",
        amount=100_000_000,
        voucher_number="TT-9",
        voucher_date=dt.date(2027, 3, 1),
        actor=dit,
    )
