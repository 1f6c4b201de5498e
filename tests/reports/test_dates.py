import datetime as dt

import pytest

from khuyencong.lib.dates import place_and_date, short_date, written_date
from khuyencong.lib.money import amount_in_words, format_vnd


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2023, 11, 6), "ngày 06 tháng 11 năm 2023"),
        (dt.date(2026, 2, 1), "ngày 01 tháng 02 năm 2026"),
        (dt.date(2026, 1, 15), "ngày 15 tháng 01 năm 2026"),
        (dt.date(2026, 3, 9), "ngày 09 tháng 3 năm 2026"),
        (dt.date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
    ],
)
def test_it_writes_dates_as_decree_30_wants(day, expected):
    assert written_date(day) == expected


def test_it_puts_the_place_before_the_date():
    assert place_and_date("Vĩnh Long", dt.date(2023, 11, 6)) == (
        "Vĩnh Long, ngày 06 tháng 11 năm 2023"
    )


def test_short_dates_and_empty_ones():
    assert short_date(dt.date(2023, 11, 6)) == "06/11/2023"
    assert short_date(None) == ""


def test_amounts_in_words_and_dot_separators_used_by_the_documents():
    assert format_vnd(750_000_000) == "750.000.000 đ"
    assert amount_in_words(750_000_000) == "Bảy trăm năm mươi triệu đồng"
    assert amount_in_words(1_400_000_000) == "Một tỷ bốn trăm triệu đồng"
