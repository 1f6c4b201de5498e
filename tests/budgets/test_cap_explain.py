"""How the cap is explained to the facility: percentages with a decimal comma (issue 19)."""

from __future__ import annotations

from budgets.rules import compute_cap


def test_a_fractional_percent_is_written_with_a_decimal_comma():
    result = compute_cap(eligible_cost=1_000_000, percent="12.5", amount_cap=None)
    assert result.explain() == "Mức hỗ trợ tối đa: 12,5% × 1.000.000 đ = 125.000 đ"


def test_a_whole_percent_has_no_decimals():
    result = compute_cap(eligible_cost=1_000_000, percent="30.00", amount_cap=200_000)
    assert result.explain() == (
        "Mức hỗ trợ tối đa: 30% × 1.000.000 đ = 300.000 đ, không quá 200.000 đ"
    )
