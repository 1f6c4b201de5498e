"""Money documents are dated within the law (issue 17, item 10)."""

import datetime as dt

import pytest

from budgets.models import Disbursement
from budgets.services import disbursement_record
from khuyencong.exceptions import ServiceError
from tests.factories_budget import AllocationFactory


@pytest.fixture
def allocation(db):
    # Appropriation of 2027, decided on 05/01/2027 (the factory's default).
    return AllocationFactory(
        amount=300_000_000,
        proposal__state="in_progress",
        appropriation__decision_date=dt.date(2027, 1, 5),
    )


def _record(allocation, dit, day, kind="payment"):
    return disbursement_record(
        allocation=allocation,
        kind=kind,
        amount=10_000_000,
        voucher_number=f"CT-{day:%d%m%Y}-{kind}",
        voucher_date=day,
        actor=dit,
    )


def test_a_voucher_dated_in_the_future_is_refused(allocation, dit, budget_day):
    budget_day(dt.date(2027, 6, 30))
    with pytest.raises(
        ServiceError, match="Ngày chứng từ 01/01/2099 không được sau ngày hôm nay \\(30/06/2027\\)"
    ):
        _record(allocation, dit, dt.date(2099, 1, 1))
    with pytest.raises(ServiceError, match="01/07/2027 không được sau ngày hôm nay"):
        _record(allocation, dit, dt.date(2027, 7, 1))
    assert not Disbursement.objects.exists()


def test_a_voucher_before_the_appropriation_decision_is_refused(allocation, dit):
    number = allocation.appropriation.decision_number
    with pytest.raises(
        ServiceError,
        match=f"04/01/2027 không được trước ngày quyết định giao dự toán {number} \\(05/01/2027\\)",
    ):
        _record(allocation, dit, dt.date(2027, 1, 4))
    assert _record(allocation, dit, dt.date(2027, 1, 5)).voucher_date == dt.date(2027, 1, 5)


def test_a_payment_may_be_dated_to_31_january_of_the_next_year_an_advance_not(
    allocation, dit, budget_day
):
    budget_day(dt.date(2028, 3, 1))
    assert _record(allocation, dit, dt.date(2028, 1, 31)).kind == "payment"
    with pytest.raises(
        ServiceError,
        match="Ngày chứng từ 01/02/2028 nằm ngoài năm ngân sách 2027: thanh toán được ghi từ "
        "01/01/2027 đến 31/01/2028",
    ):
        _record(allocation, dit, dt.date(2028, 2, 1))
    with pytest.raises(
        ServiceError,
        match="Ngày chứng từ 02/01/2028 nằm ngoài năm ngân sách 2027: tạm ứng được ghi từ "
        "01/01/2027 đến 31/12/2027",
    ):
        _record(allocation, dit, dt.date(2028, 1, 2), kind="advance")


def test_a_voucher_of_the_year_before_is_refused_even_after_an_early_decision(db, dit):
    allocation = AllocationFactory(
        proposal__state="in_progress", appropriation__decision_date=dt.date(2026, 12, 20)
    )
    with pytest.raises(ServiceError, match="nằm ngoài năm ngân sách 2027"):
        _record(allocation, dit, dt.date(2026, 12, 28))
