"""The edges of the amount speller that mutation testing found unguarded (issue 19): the
largest amount a document spells (10^15 VND, "một triệu tỷ") and what lies beyond it."""

from __future__ import annotations

import pytest

from khuyencong.lib.money import amount_in_words, number_in_words


def test_the_largest_readable_number_is_a_million_billion():
    assert number_in_words(10**15) == "một triệu tỷ"
    words = number_in_words(10**15 - 1)
    # The count of tỷ (999.999) is read as a number: "… nghìn … tỷ", not "nghìn tỷ … tỷ".
    assert words.startswith(
        "chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu"
    )
    assert words.endswith("nghìn chín trăm chín mươi chín")


def test_one_more_is_refused():
    with pytest.raises(ValueError, match=r"^Amount too large to read \(above 10\^15\)\.$"):
        number_in_words(10**15 + 1)
    with pytest.raises(ValueError, match=r"^Amount too large to read \(above 10\^15\)\.$"):
        amount_in_words(10**15 + 1)


def test_negative_numbers_and_amounts_are_refused_with_their_message():
    with pytest.raises(ValueError, match=r"^A number in words must not be negative\.$"):
        number_in_words(-1)
    with pytest.raises(ValueError, match=r"^A number in words must not be negative\.$"):
        amount_in_words(-1)
