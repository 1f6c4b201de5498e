"""Money is whole đồng end to end: integer columns, integer forms, no rounding anywhere."""

import pytest
from django.db import models

from budgets import models as budget_models
from budgets.forms import amount_field

MONEY_FIELDS = [
    (budget_models.Appropriation, "amount"),
    (budget_models.AppropriationAdjustment, "delta"),
    (budget_models.Allocation, "amount"),
    (budget_models.Allocation, "released"),
    (budget_models.Disbursement, "amount"),
    (budget_models.Settlement, "amount"),
    (budget_models.Settlement, "returned"),
    (budget_models.StatementLine, "amount"),
    (budget_models.StatementLine, "recorded_amount"),
]


@pytest.mark.parametrize(("model", "name"), MONEY_FIELDS)
def test_money_columns_are_big_integers(model, name):
    assert type(model._meta.get_field(name)) is models.BigIntegerField


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1", 1),
        ("999.999.999.999", 999_999_999_999),
        ("999999999999", 999_999_999_999),
        ("1.250.000.000 đ", 1_250_000_000),
    ],
)
def test_the_amount_field_reads_whole_dong(typed, value):
    cleaned = amount_field().clean(typed)
    assert cleaned == value and type(cleaned) is int


@pytest.mark.parametrize("typed", ["1,5", "1.5", "1e9", "0", "-1", "12.34.567", "1" * 26])
def test_the_amount_field_refuses_anything_but_whole_positive_dong(typed):
    from django.forms import ValidationError

    with pytest.raises(ValidationError):
        amount_field().clean(typed)
