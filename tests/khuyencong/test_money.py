"""Money formatting and amounts in words, as official documents print them."""

from __future__ import annotations

import pytest

from khuyencong.lib.money import amount_in_words, format_vnd


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0, "0 đ"), (1_000, "1.000 đ"), (1_250_000_000, "1.250.000.000 đ"), (None, "")],
)
def test_format_vnd(amount, text):
    assert format_vnd(amount) == text


def test_format_vnd_without_suffix():
    assert format_vnd(300_000_000, suffix=False) == "300.000.000"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi bốn đồng"),  # "bốn", not "tư": see number_in_words
        (25, "Hai mươi lăm đồng"),
        (105, "Một trăm lẻ năm đồng"),
        (110, "Một trăm mười đồng"),
        (2_021, "Hai nghìn không trăm hai mươi mốt đồng"),
        (1_000_005, "Một triệu không trăm lẻ năm đồng"),
        (300_000_000, "Ba trăm triệu đồng"),
        (1_250_000_000, "Một tỷ hai trăm năm mươi triệu đồng"),
        (1_500_000_000, "Một tỷ năm trăm triệu đồng"),
        (
            12_345_678_901,
            "Mười hai tỷ ba trăm bốn mươi lăm triệu sáu trăm bảy mươi tám nghìn "
            "chín trăm lẻ một đồng",
        ),
        (2_000_000_000_000, "Hai nghìn tỷ đồng"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


def test_amount_in_words_refuses_negative_amounts():
    with pytest.raises(ValueError):
        amount_in_words(-1)
