"""Which spans rest on a schedule not yet confirmed (``WorkCalendar.is_provisional``): a span
holding a provisional day, or ending after the last officially announced year. Expected answers
written by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from khuyencong.lib.workdays import WorkCalendar

D = dt.date
# National Day 2026 as proposed, not confirmed: 1 and 2 September provisional; 2026 announced.
CALENDAR = WorkCalendar(
    {D(2026, 9, 1), D(2026, 9, 2)},
    provisional_days={D(2026, 9, 2), D(2026, 9, 1)},  # unsorted on purpose
    announced_until=2026,
)


@pytest.mark.parametrize(
    ("start", "end", "provisional"),
    [
        (D(2026, 8, 1), D(2026, 8, 31), False),  # ends the day before
        (D(2026, 8, 1), D(2026, 9, 1), True),  # ends on the first provisional day
        (D(2026, 9, 1), D(2026, 9, 1), True),  # the day itself
        (D(2026, 9, 2), D(2026, 9, 10), True),  # starts on the last one
        (D(2026, 9, 3), D(2026, 12, 31), False),  # starts the day after, ends in 2026
        (D(2026, 8, 20), D(2026, 9, 20), True),  # spans both
        (D(2026, 12, 31), D(2027, 1, 1), True),  # ends in a year not yet announced
        (D(2027, 3, 1), D(2027, 3, 5), True),
        (D(2025, 1, 1), D(2025, 12, 31), False),
    ],
)
def test_a_span_is_provisional_exactly_when_the_hand_table_says(start, end, provisional):
    assert CALENDAR.is_provisional(start, end) is provisional


def test_without_an_announced_year_only_the_provisional_days_count():
    calendar = WorkCalendar(provisional_days=[D(2026, 9, 1)])
    assert calendar.is_provisional(D(2040, 1, 1), D(2040, 1, 2)) is False
    assert calendar.is_provisional(D(2026, 9, 1), D(2026, 9, 1)) is True
    assert calendar.is_provisional(D(2026, 9, 2), D(2040, 1, 2)) is False
    assert WorkCalendar().is_provisional(D(2026, 1, 1), D(2026, 12, 31)) is False


def test_the_last_announced_year_itself_is_not_provisional():
    calendar = WorkCalendar(announced_until=2027)
    assert calendar.is_provisional(D(2027, 1, 1), D(2027, 12, 31)) is False
    assert calendar.is_provisional(D(2027, 12, 31), D(2028, 1, 1)) is True
