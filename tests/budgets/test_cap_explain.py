"""The cap in whole VND, rounded down, and how it is explained (mutants that survived, issue 19)."""

from __future__ import annotations

from khuyencong.catalogue.rules import compute_cap


def test_a_fractional_percent_is_written_with_a_decimal_comma():
    result = compute_cap(eligible_cost=1_000_000, percent="12.5", amount_cap=None)
    assert result.explain() == "Mức hỗ trợ tối đa: 12,5% × 1.000.000 đ = 125.000 đ"


def test_a_whole_percent_has_no_decimals():
    result = compute_cap(eligible_cost=1_000_000, percent="30.00", amount_cap=200_000)
    assert result.explain() == (
        "Mức hỗ trợ tối đa: 30% × 1.000.000 đ = 300.000 đ, không quá 200.000 đ"
    )


def test_percent_of_the_cost_is_rounded_down_to_the_dong_never_to_nearest():
    # 12,5% × 100.012 = 12.501,5 (half-even would give 12.502); 30% × 1.000.009 = 300.002,7.
    assert compute_cap(eligible_cost=100_012, percent="12.5", amount_cap=None).maximum == 12_501
    assert compute_cap(eligible_cost=1_000_009, percent=30, amount_cap=None).maximum == 300_002
    # The production-line multiplier rounds the amount cap down too: 1,5 × 333.333 = 499.999,5.
    result = compute_cap(eligible_cost=10**9, percent=50, amount_cap=333_333, multiplier="1.5")
    assert (result.amount_cap, result.maximum) == (499_999, 499_999)
