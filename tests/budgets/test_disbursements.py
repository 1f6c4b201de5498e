import datetime as dt

import pytest

from budgets.models import Disbursement
from budgets.services import disbursement_confirm, disbursement_record, disbursement_refuse
from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog
from tests.factories_budget import AllocationFactory, DisbursementFactory

DAY = dt.date(2027, 4, 1)


def record(allocation, actor, amount, kind="payment", voucher="UNC-01"):
    return disbursement_record(
        allocation=allocation,
        kind=kind,
        amount=amount,
        voucher_number=voucher,
        voucher_date=DAY,
        actor=actor,
    )


def test_it_records_a_payment_and_audits_it(dit):
    allocation = AllocationFactory(amount=300_000_000)
    disbursement = record(allocation, dit, 120_000_000)
    assert disbursement.status == "proposed"
    row = AuditLog.objects.for_object(disbursement).get(action="disbursement.record")
    assert row.after["amount"] == 120_000_000 and row.after["voucher_number"] == "UNC-01"


def test_it_refuses_more_than_the_confirmed_allocation(dit):
    allocation = AllocationFactory(amount=300_000_000, released=50_000_000)
    DisbursementFactory(allocation=allocation, amount=200_000_000)
    with pytest.raises(ServiceError, match="Vượt kinh phí phân bổ đã xác nhận") as exc:
        record(allocation, dit, 60_000_000)
    assert exc.value.message.startswith(
        "Vượt kinh phí phân bổ đã xác nhận: đề nghị 60.000.000 đ, còn lại 50.000.000 đ"
    )
    assert Disbursement.objects.count() == 1


def test_it_refuses_a_disbursement_on_an_unconfirmed_allocation(dit):
    allocation = AllocationFactory(status="proposed")
    with pytest.raises(ServiceError, match="đã được Sở Tài chính xác nhận"):
        record(allocation, dit, 1)
    assert not Disbursement.objects.exists()


def test_advances_stop_at_the_configured_share(dit, settings):
    settings.ADVANCE_MAX_PERCENT = 40
    allocation = AllocationFactory(amount=300_000_000)
    record(allocation, dit, 100_000_000, kind="advance", voucher="TU-1")
    with pytest.raises(ServiceError, match="Vượt mức tạm ứng tối đa") as exc:
        record(allocation, dit, 30_000_000, kind="advance", voucher="TU-2")
    assert exc.value.message == (
        "Vượt mức tạm ứng tối đa (40% phân bổ = 120.000.000 đ): đề nghị 30.000.000 đ, "
        "còn được tạm ứng 20.000.000 đ."
    )
    assert Disbursement.objects.count() == 1
    # A payment is not an advance: it may use the rest of the allocation.
    record(allocation, dit, 200_000_000, voucher="TT-1")


def test_the_advance_share_defaults_to_half(dit):
    allocation = AllocationFactory(amount=300_000_000)
    record(allocation, dit, 150_000_000, kind="advance", voucher="TU-1")
    with pytest.raises(ServiceError, match="50% phân bổ = 150.000.000 đ"):
        record(allocation, dit, 1, kind="advance", voucher="TU-2")


def test_it_refuses_a_voucher_already_recorded_for_the_proposal(dit):
    allocation = AllocationFactory()
    record(allocation, dit, 1_000)
    with pytest.raises(ServiceError, match="đã được ghi nhận"):
        record(allocation, dit, 1_000)


def test_a_refused_disbursement_frees_the_allocation(dit, finance):
    allocation = AllocationFactory(amount=100_000_000)
    first = record(allocation, dit, 100_000_000)
    with pytest.raises(ServiceError, match="đề nghị 1 đ, còn lại 0 đ"):
        record(allocation, dit, 1, voucher="UNC-02")
    disbursement_refuse(disbursement=first, actor=finance, reason="Sai chứng từ")
    second = record(allocation, dit, 100_000_000, voucher="UNC-02")
    disbursement_confirm(disbursement=second, actor=finance)
    second.refresh_from_db()
    assert second.status == "confirmed" and second.confirmed_by == finance
    assert AuditLog.objects.for_object(second).filter(action="disbursement.confirm").exists()


def test_amounts_round_trip_exactly(dit):
    allocation = AllocationFactory(
        amount=999_999_999_999,
        proposal__approved_amount=999_999_999_999,
        appropriation__amount=999_999_999_999,
    )
    record(allocation, dit, 999_999_999_998, voucher="A")
    record(allocation, dit, 1, voucher="B")
    assert Disbursement.objects.filter(allocation=allocation).total() == 999_999_999_999
