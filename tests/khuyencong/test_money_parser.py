"""The one VND reader: what it accepts, what it refuses, and an independent oracle agrees."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from khuyencong.lib.money import MoneyParseError, parse_vnd
from tests.khuyencong.money_oracle import (
    FOREIGN_DIGITS,
    grouped,
    notations,
    oracle_vnd,
    with_foreign_digits,
)

MAX_PROPERTY = 10**13


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("0", 0),
        ("500.000", 500_000),
        ("12.500.000", 12_500_000),
        ("2.500.000,00", 2_500_000),
        ("2,500,000.00", 2_500_000),
        ("2500000,00", 2_500_000),
        ("250000000", 250_000_000),
        ("1.500", 1_500),  # a group of three after one separator: thousands, never 1.5
        ("1,500", 1_500),
        ("12 500 000", 12_500_000),
        ("12\u00a0500\u00a0000", 12_500_000),  # Excel's no-break space
        ("12\u202f500\u202f000", 12_500_000),  # narrow no-break space
        ("12 500\u00a0000", 12_500_000),  # spaces of two widths are one kind
        ("12.500.000đ", 12_500_000),
        ("12.500.000 đ", 12_500_000),
        ("12.500.000 VNĐ", 12_500_000),
        ("12.500.000 vnd", 12_500_000),
        ("12.500.000 đồng", 12_500_000),
        ("12.500.000 ĐỒNG", 12_500_000),
        (unicodedata.normalize("NFD", "12.500.000 đồng"), 12_500_000),
        ("  12.500.000  ", 12_500_000),
        ("1.000.000.000.000.000", 10**15),
    ],
)
def test_it_reads_the_ways_officials_type_amounts(typed, amount):
    assert parse_vnd(typed) == amount


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("²", "“²”"),
        ("１２.５００", "“１２.５００”"),  # full-width digits
        ("١٢٣", "“١٢٣”"),  # Arabic-Indic digits
        ("1.5", "“1.5”"),
        ("1,5", "“1,5”"),
        ("1.50.000", "“1.50.000”"),
        ("12.500,000", "“12.500,000”"),  # mixed separators
        ("1.000.000,50", "“1.000.000,50”"),  # non-zero decimals
        ("2.500.000.00", "“2.500.000.00”"),  # decimals after the same separator
        ("1e6", "“1e6”"),
        ("12tr", "“12tr”"),
        ("0500", "“0500”"),
        (".500", "“.500”"),
        ("1 000.000", "“1 000.000”"),
    ],
)
def test_it_refuses_anything_else_and_repeats_what_was_typed(typed, shown):
    with pytest.raises(MoneyParseError, match="ví dụ 12.500.000") as refused:
        parse_vnd(typed)
    assert shown in refused.value.message


def test_a_negative_amount_is_refused_as_negative():
    with pytest.raises(MoneyParseError, match="Số tiền không được âm: “-1”"):
        parse_vnd("-1")


def test_more_than_a_million_billion_is_refused():
    with pytest.raises(MoneyParseError, match="Số tiền quá lớn: “1000000000000001”"):
        parse_vnd("1000000000000001")


def test_an_empty_amount_asks_for_one():
    with pytest.raises(MoneyParseError, match="Vui lòng nhập số tiền bằng chữ số"):
        parse_vnd(" \u00a0đ")


def test_a_long_input_is_shortened_in_the_message():
    with pytest.raises(MoneyParseError) as refused:
        parse_vnd("9" * 5000)
    assert len(refused.value.message) < 200


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=MAX_PROPERTY))
@example(0)
@example(MAX_PROPERTY)
@example(1_000)
def test_every_notation_of_an_integer_is_read_exactly(number):
    for text in notations(number):
        assert parse_vnd(text) == number, text
        assert oracle_vnd(text) == number, text


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=MAX_PROPERTY), st.sampled_from(sorted(FOREIGN_DIGITS)))
def test_digits_of_other_scripts_are_refused(number, script):
    for text in (str(number), grouped(number, ".")):
        with pytest.raises(MoneyParseError, match="không phải là số tiền hợp lệ"):
            parse_vnd(with_foreign_digits(text, script))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1_000, max_value=MAX_PROPERTY), st.data())
def test_wrong_grouping_mixed_separators_and_fractions_are_refused(number, data):
    dotted = grouped(number, ".")
    cut = data.draw(st.integers(min_value=1, max_value=len(dotted) - 1))
    wrong = [
        "-" + dotted,
        dotted.replace(".", ",", 1) if dotted.count(".") > 1 else dotted + ",000",
        dotted + ",5",
        dotted + ",01",
    ]
    if str(number)[-1] != "0":  # "100.0" is 100, an all-zero decimal
        wrong.append(str(number)[:-1] + "." + str(number)[-1])  # a decimal fraction
    if dotted[cut] != "." and dotted[cut - 1] != ".":
        wrong.append(dotted[:cut] + "." + dotted[cut:])  # a separator out of place
    for text in wrong:
        with pytest.raises(MoneyParseError):
            parse_vnd(text)
        assert oracle_vnd(text) is None, text


MONEYISH = st.text(
    alphabet=st.sampled_from(
        list("0123456789.,-+ ")
        + ["\u00a0", "\u202f", "\t", "đ", "Đ", "ồ", "V", "N", "D", "n", "g", "²", "１", "٣", "e"]
    ),
    max_size=30,
)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(MONEYISH, st.text(max_size=30)))
@example("1.000")
@example("1,00")
@example("0,0")
@example("1.000 đ đ")
@example("12.")
def test_an_independent_character_walk_agrees_on_every_string(text):
    try:
        product = parse_vnd(text)
    except MoneyParseError:
        product = None
    assert product == oracle_vnd(text)
