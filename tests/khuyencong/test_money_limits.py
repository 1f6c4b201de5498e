"""The edges of the amount speller that mutation testing found unguarded (issue 19)."""

from __future__ import annotations

import pytest

from khuyencong.lib.money import amount_in_words, number_in_words


def test_the_largest_readable_number_has_seven_groups_of_three_digits():
    # 10^21 - 1: "chín trăm chín mươi chín tỷ tỷ ..." down to the units.
    words = number_in_words(10**21 - 1)
    assert words.startswith("chín trăm chín mươi chín tỷ tỷ chín trăm chín mươi chín triệu tỷ")
    assert words.endswith("nghìn chín trăm chín mươi chín")


def test_one_more_digit_group_is_refused():
    with pytest.raises(ValueError, match=r"^Amount too large to read\.$"):
        number_in_words(10**21)


def test_negative_numbers_and_amounts_are_refused_with_their_message():
    with pytest.raises(ValueError, match=r"^A number in words must not be negative\.$"):
        number_in_words(-1)
    with pytest.raises(ValueError, match=r"^An amount in words must not be negative\.$"):
        amount_in_words(-1)
