"""Amounts in words up to 10^15, against a hand-written table and its composition.

The conventions (see ``number_in_words``): 11 "mười một", 21 "hai mươi mốt"; 4 is always
"bốn"; 5 after a ten is "lăm"; a zero part is left out and the part after it is read in full
("một triệu không trăm lẻ một"); above tỷ the count of tỷ is read as a number.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from hypothesis import example, given, settings
from hypothesis import strategies as st

from khuyencong.lib.money import amount_in_words, number_in_words

# Written out by hand, one by one: the oracle for everything below 100.
BELOW_100 = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
    "mười", "mười một", "mười hai", "mười ba", "mười bốn",
    "mười lăm", "mười sáu", "mười bảy", "mười tám", "mười chín",
    "hai mươi", "hai mươi mốt", "hai mươi hai", "hai mươi ba", "hai mươi bốn",
    "hai mươi lăm", "hai mươi sáu", "hai mươi bảy", "hai mươi tám", "hai mươi chín",
    "ba mươi", "ba mươi mốt", "ba mươi hai", "ba mươi ba", "ba mươi bốn",
    "ba mươi lăm", "ba mươi sáu", "ba mươi bảy", "ba mươi tám", "ba mươi chín",
    "bốn mươi", "bốn mươi mốt", "bốn mươi hai", "bốn mươi ba", "bốn mươi bốn",
    "bốn mươi lăm", "bốn mươi sáu", "bốn mươi bảy", "bốn mươi tám", "bốn mươi chín",
    "năm mươi", "năm mươi mốt", "năm mươi hai", "năm mươi ba", "năm mươi bốn",
    "năm mươi lăm", "năm mươi sáu", "năm mươi bảy", "năm mươi tám", "năm mươi chín",
    "sáu mươi", "sáu mươi mốt", "sáu mươi hai", "sáu mươi ba", "sáu mươi bốn",
    "sáu mươi lăm", "sáu mươi sáu", "sáu mươi bảy", "sáu mươi tám", "sáu mươi chín",
    "bảy mươi", "bảy mươi mốt", "bảy mươi hai", "bảy mươi ba", "bảy mươi bốn",
    "bảy mươi lăm", "bảy mươi sáu", "bảy mươi bảy", "bảy mươi tám", "bảy mươi chín",
    "tám mươi", "tám mươi mốt", "tám mươi hai", "tám mươi ba", "tám mươi bốn",
    "tám mươi lăm", "tám mươi sáu", "tám mươi bảy", "tám mươi tám", "tám mươi chín",
    "chín mươi", "chín mươi mốt", "chín mươi hai", "chín mươi ba", "chín mươi bốn",
    "chín mươi lăm", "chín mươi sáu", "chín mươi bảy", "chín mươi tám", "chín mươi chín",
]  # fmt: skip

HUNDREDS = {
    100: "một trăm", 200: "hai trăm", 300: "ba trăm", 400: "bốn trăm", 500: "năm trăm",
    600: "sáu trăm", 700: "bảy trăm", 800: "tám trăm", 900: "chín trăm",
}  # fmt: skip

# The x1, x4, x5 and x0 forms at every scale, and the zero-part convention, by hand.
AT_SCALES = {
    105: "một trăm lẻ năm",
    1_000: "một nghìn",
    1_005: "một nghìn không trăm lẻ năm",
    10_000: "mười nghìn",
    11_000: "mười một nghìn",
    14_000: "mười bốn nghìn",
    15_000: "mười lăm nghìn",
    21_000: "hai mươi mốt nghìn",
    24_000: "hai mươi bốn nghìn",
    25_000: "hai mươi lăm nghìn",
    20_000: "hai mươi nghìn",
    105_000: "một trăm lẻ năm nghìn",
    1_000_000: "một triệu",
    1_000_001: "một triệu không trăm lẻ một",
    1_001_000: "một triệu không trăm lẻ một nghìn",
    11_000_000: "mười một triệu",
    14_000_000: "mười bốn triệu",
    21_000_000: "hai mươi mốt triệu",
    25_000_000: "hai mươi lăm triệu",
    40_000_000: "bốn mươi triệu",
    1_000_000_000: "một tỷ",
    11_000_000_000: "mười một tỷ",
    14_000_000_000: "mười bốn tỷ",
    21_000_000_000: "hai mươi mốt tỷ",
    15_000_000_000: "mười lăm tỷ",
    30_000_000_000: "ba mươi tỷ",
    1_000_000_000_005: "một nghìn tỷ không trăm lẻ năm",
    1_000_000_000_000: "một nghìn tỷ",
    11_000_000_000_000: "mười một nghìn tỷ",
    14_000_000_000_000: "mười bốn nghìn tỷ",
    21_000_000_000_000: "hai mươi mốt nghìn tỷ",
    25_000_000_000_000: "hai mươi lăm nghìn tỷ",
    50_000_000_000_000: "năm mươi nghìn tỷ",
    1_100_000_000_000: "một nghìn một trăm tỷ",
    1_005_000_000_000: "một nghìn không trăm lẻ năm tỷ",
    2_000_500_000_000: "hai nghìn tỷ năm trăm triệu",
    1_000_000_000_000_000: "một triệu tỷ",
}


@pytest.mark.parametrize("number", range(100))
def test_every_number_below_a_hundred(number):
    assert number_in_words(number) == BELOW_100[number]


@pytest.mark.parametrize(("number", "words"), sorted(HUNDREDS.items()))
def test_every_hundred(number, words):
    assert number_in_words(number) == words


@pytest.mark.parametrize(("number", "words"), sorted(AT_SCALES.items()))
def test_the_forms_at_every_scale(number, words):
    assert number_in_words(number) == words


def _full_part(part: int) -> str:
    """0-999 after a higher part: hundreds always said, "lẻ" before a lone unit."""
    hundreds, rest = divmod(part, 100)
    words = BELOW_100[hundreds] + " trăm"
    if rest == 0:
        return words
    return words + (" lẻ " if rest < 10 else " ") + BELOW_100[rest]


def _part(part: int) -> str:
    """0-999 at the head of a number: composed from the hand tables."""
    if part < 100:
        return BELOW_100[part]
    return _full_part(part)


def _compose(number: int) -> str:
    """An oracle composed from the hand tables, not the code under test."""
    if number < 1_000:
        return _part(number)
    words = []
    for scale, name in ((10**9, "tỷ"), (10**6, "triệu"), (10**3, "nghìn"), (1, "")):
        if number >= scale:
            head, number = divmod(number, scale)
            spoken = (
                _compose(head) if scale == 10**9 else (_full_part(head) if words else _part(head))
            )
            if head:
                words.append((spoken + " " + name).strip())
    return " ".join(words)


def test_every_number_below_a_thousand_composes_from_the_tables():
    wrong = {n: number_in_words(n) for n in range(100, 1_000) if number_in_words(n) != _compose(n)}
    assert wrong == {}


@settings(max_examples=1000, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
@example(1_000_000_001)
@example(1_000_001_000_000)
@example(999_999_999_999_999)
def test_every_amount_up_to_a_million_billion_composes_from_the_tables(number):
    assert number_in_words(number) == _compose(number)


def test_the_realworld_amounts_in_words():
    path = django_settings.BASE_DIR.parent / "shared" / "realworld" / "money.json"
    cases = json.loads(Path(path).read_text(encoding="utf-8"))["in_words"]
    assert cases
    for case in cases:
        assert amount_in_words(case["amount"]) == case["words"]


def test_an_amount_in_words_is_capitalised_and_in_dong():
    assert amount_in_words(1_250_000_000) == "Một tỷ hai trăm năm mươi triệu đồng"
    assert amount_in_words(0) == "Không đồng"


@pytest.mark.parametrize("amount", [-1, 10**15 + 1])
def test_it_refuses_negative_and_too_large_amounts(amount):
    with pytest.raises(ValueError, match="negative|too large"):
        amount_in_words(amount)
