"""The support cap against a hand-computed table and an independent oracle (issue 19 item 1).

cap = min(floor(percent × eligible cost / 100), floor(amount cap × multiplier)); whole VND,
always rounded down (a facility is never given a dong the rule does not allow).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khuyencong.catalogue.models import SupportRule
from khuyencong.catalogue.rules import compute_cap

# (eligible cost, percent, amount cap, multiplier, expected maximum), every figure by hand.
TABLE = [
    # Advanced machinery, Circular 28/2018 Art. 8(4): 50 %, 300 M per facility.
    (800_000_000, "50", 300_000_000, None, 300_000_000),
    # The same as a complete production line: 1.5 × 300 M = 450 M; 50 % of 800 M = 400 M.
    (800_000_000, "50", 300_000_000, "1.5", 400_000_000),
    (1_000_000_000, "50", 300_000_000, "1.5", 450_000_000),
    # Exactly at the boundary: 50 % of 600 M = 300 M = the cap.
    (600_000_000, "50", 300_000_000, None, 300_000_000),
    (600_000_002, "50", 300_000_000, None, 300_000_000),
    (599_999_998, "50", 300_000_000, None, 299_999_999),
    # .5 cases: floor, not round (half-up would give 1, 2, 3, 4; half-even 0, 2, 2, 4).
    (1, "50", None, None, 0),
    (3, "50", None, None, 1),  # 1.5 -> 1 (odd floor)
    (5, "50", None, None, 2),  # 2.5 -> 2 (even floor)
    (7, "50", None, None, 3),  # 3.5 -> 3 (odd floor)
    (9, "50", None, None, 4),  # 4.5 -> 4 (even floor)
    # Demonstration model, Art. 8(2): 30 %, 1 bn per model; 30 % of 3.333.333.335 = 1.000.000.000,5.
    (3_333_333_335, "30", 1_000_000_000, None, 1_000_000_000),
    (3_333_333_330, "30", 1_000_000_000, None, 999_999_999),
    (333_333_333, "30", 1_000_000_000, None, 99_999_999),  # 99.999.999,9
    # No amount cap: the fair abroad, Art. 8(6), 100 %.
    (2_345_678_901, "100", None, None, 2_345_678_901),
    # A percent with decimals: 12,5 % of 100.000.003 = 12.500.000,375.
    (100_000_003, "12.5", None, None, 12_500_000),
    # The multiplier on an odd cap: 1.5 × 300.000.001 = 450.000.001,5 -> 450.000.001.
    (10**12, "50", 300_000_001, "1.5", 450_000_001),
    # Nothing eligible, nothing supported.
    (0, "50", 300_000_000, "1.5", 0),
    # A cap of zero.
    (800_000_000, "50", 0, None, 0),
]


@pytest.mark.parametrize(("cost", "percent", "cap", "multiplier", "expected"), TABLE)
def test_the_cap_matches_the_hand_computed_table(cost, percent, cap, multiplier, expected):
    result = compute_cap(
        eligible_cost=cost, percent=Decimal(percent), amount_cap=cap, multiplier=multiplier
    )
    assert result.maximum == expected
    assert type(result.maximum) is int


def test_a_rule_applies_its_multiplier_only_to_a_production_line():
    rule = SupportRule(
        percent=Decimal("50"), amount_cap=300_000_000, production_line_multiplier=Decimal("1.5")
    )
    assert rule.cap(1_000_000_000).maximum == 300_000_000
    assert rule.cap(1_000_000_000, production_line=True).maximum == 450_000_000


def test_the_explanation_shows_the_figures_in_vnd():
    result = compute_cap(eligible_cost=800_000_000, percent=Decimal("50"), amount_cap=300_000_000)
    assert result.explain() == (
        "Mức hỗ trợ tối đa: 50% × 800.000.000 đ = 400.000.000 đ, không quá 300.000.000 đ"
    )


percents = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)
multipliers = st.none() | st.decimals(min_value=1, max_value=3, places=2, allow_nan=False)
caps = st.none() | st.integers(min_value=0, max_value=10**12)


@given(
    cost=st.integers(min_value=0, max_value=10**13),
    percent=percents,
    cap=caps,
    multiplier=multipliers,
)
def test_the_cap_equals_an_independent_exact_oracle(cost, percent, cap, multiplier):
    result = compute_cap(eligible_cost=cost, percent=percent, amount_cap=cap, multiplier=multiplier)
    by_percent = Fraction(cost) * Fraction(str(percent)) / 100
    floor_by_percent = by_percent.numerator // by_percent.denominator
    assert type(result.maximum) is int
    assert 0 <= result.maximum <= floor_by_percent
    # Floor, not round: the next dong up would break the percentage.
    assert result.by_percent == floor_by_percent
    assert result.by_percent <= by_percent < result.by_percent + 1
    if cap is None:
        assert result.maximum == floor_by_percent
        return
    ceiling = Fraction(cap) * (Fraction(str(multiplier)) if multiplier is not None else 1)
    floor_ceiling = ceiling.numerator // ceiling.denominator
    assert result.maximum <= floor_ceiling
    assert result.maximum == min(floor_by_percent, floor_ceiling)
