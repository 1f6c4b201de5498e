import datetime as dt
import re

import pytest

from budgets.models import Appropriation, AppropriationAdjustment
from budgets.services import appropriation_adjust, appropriation_create
from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog
from tests.factories import FundSourceFactory
from tests.factories_budget import AllocationFactory

DAY = dt.date(2027, 1, 5)


@pytest.mark.parametrize("amount", [1, 999_999_999_999, 12_345_678_901_234])
def test_it_keeps_amounts_exact_integers(finance, amount):
    appropriation = appropriation_create(
        plan_year=2027,
        fund_source=FundSourceFactory(),
        amount=amount,
        decision_number="1/QĐ",
        decision_date=DAY,
        actor=finance,
    )
    fresh = Appropriation.objects.with_figures().get(pk=appropriation.pk)
    assert fresh.amount == amount and isinstance(fresh.amount, int)
    assert fresh.effective == amount and fresh.remaining == amount


def test_it_audits_the_creation_with_the_amount(finance):
    appropriation = appropriation_create(
        plan_year=2027,
        fund_source=FundSourceFactory(),
        amount=5_000_000_000,
        decision_number="2/QĐ",
        decision_date=DAY,
        actor=finance,
    )
    row = AuditLog.objects.for_object(appropriation).get(action="appropriation.create")
    assert row.before is None and row.after["amount"] == 5_000_000_000


def test_it_refuses_a_duplicate_decision(finance, appropriation):
    with pytest.raises(ServiceError, match="đã được nhập"):
        appropriation_create(
            plan_year=appropriation.plan_year,
            fund_source=appropriation.fund_source,
            amount=1,
            decision_number=appropriation.decision_number,
            decision_date=DAY,
            actor=finance,
        )
    assert Appropriation.objects.count() == 1


def test_an_adjustment_is_a_row_and_changes_the_effective_amount(finance, appropriation):
    appropriation_adjust(
        appropriation=appropriation,
        delta=250_000_000,
        reason="Bổ sung",
        decision_number="5/QĐ",
        decision_date=DAY,
        actor=finance,
    )
    appropriation_adjust(
        appropriation=appropriation,
        delta=-100_000_000,
        reason="Cắt giảm",
        decision_number="6/QĐ",
        decision_date=DAY,
        actor=finance,
    )
    appropriation.refresh_from_db()
    assert appropriation.amount == 1_000_000_000  # never edited in place
    assert Appropriation.objects.with_figures().get().effective == 1_150_000_000
    assert AppropriationAdjustment.objects.count() == 2
    rows = AuditLog.objects.filter(action="appropriation.adjust").order_by("id")
    assert [r.before["effective"] for r in rows] == [1_000_000_000, 1_250_000_000]
    assert [r.after["effective"] for r in rows] == [1_250_000_000, 1_150_000_000]


def test_it_refuses_an_adjustment_below_what_is_allocated(finance, appropriation):
    AllocationFactory(appropriation=appropriation, amount=800_000_000)
    with pytest.raises(ServiceError, match="Dự toán sau điều chỉnh thấp hơn số đã phân bổ") as exc:
        appropriation_adjust(
            appropriation=appropriation,
            delta=-300_000_000,
            reason="Cắt giảm",
            decision_number="7/QĐ",
            decision_date=DAY,
            actor=finance,
        )
    assert "sau điều chỉnh 700.000.000 đ, đã phân bổ 800.000.000 đ" in exc.value.message
    assert not AppropriationAdjustment.objects.exists()
    assert not AuditLog.objects.filter(action="appropriation.adjust").exists()


def test_it_refuses_a_zero_adjustment_or_one_without_reason(finance, appropriation):
    for delta, reason, message in [
        (0, "x", "Số tiền điều chỉnh phải là số nguyên đồng khác 0."),
        (5, " ", "Cần ghi lý do điều chỉnh."),
    ]:
        with pytest.raises(ServiceError, match=f"^{re.escape(message)}$"):
            appropriation_adjust(
                appropriation=appropriation,
                delta=delta,
                reason=reason,
                decision_number="8/QĐ",
                decision_date=DAY,
                actor=finance,
            )
    assert not AppropriationAdjustment.objects.exists()
