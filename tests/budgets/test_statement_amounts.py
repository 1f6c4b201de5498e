"""The Finance Department's statement cells are read by the portal's one money reader."""

from __future__ import annotations

import pytest

from budgets.statements import parse_amount


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        (12_500_000, 12_500_000),
        (12_500_000.0, 12_500_000),
        ("12.500.000", 12_500_000),
        ("12,500,000", 12_500_000),
        ("12\u00a0500\u00a0000", 12_500_000),
        ("2.500.000,00", 2_500_000),
        ("2,500,000.00 VND", 2_500_000),
        ("1.500 đ", 1_500),
        # Money returned to the budget (thu hồi tạm ứng) is negative on the statement.
        (-5_000_000, -5_000_000),
        (-5_000_000.0, -5_000_000),
        ("-5.000.000", -5_000_000),
        ("\u22125.000.000", -5_000_000),
        ("- 5.000.000", -5_000_000),
        ("(5.000.000)", -5_000_000),
        ("( 5.000.000 )", -5_000_000),
    ],
)
def test_a_cell_is_read_as_whole_dong(cell, amount):
    assert parse_amount(cell) == amount


@pytest.mark.parametrize(
    "cell",
    [
        "²",
        "１２.５００",
        "1.5",
        "1.50.000",
        "12.500,000",
        0,
        "0",
        "-0",
        "(0)",
        2.5,
        True,
        "",
        10**16,
        -(10**16),
        "--1",
        "-(1)",
        "(-1)",
        "+1",
        "()",
        "(1",
        "1)",
        "-",
    ],
)
def test_anything_else_is_refused_never_read_as_another_number(cell):
    with pytest.raises(ValueError):
        parse_amount(cell)
