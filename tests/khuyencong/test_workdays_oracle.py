"""The precomputed working-day calendar agrees with a plain day-by-day count, written here
independently, for any days off, make-up days, start date (far from the known days too) and
number of days: the span it precomputes and widens must never change an answer."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from khuyencong.lib.workdays import WorkCalendar, add_working_days, working_days_between

ONE = dt.timedelta(days=1)


def working(day: dt.date, off: set[dt.date], make_up: set[dt.date]) -> bool:
    return day in make_up or (day.weekday() < 5 and day not in off)


def plain_add(start: dt.date, days: int, off: set[dt.date], make_up: set[dt.date]) -> dt.date:
    day = start
    if days == 0:
        while not working(day, off, make_up):
            day += ONE
        return day
    while days:
        day += ONE
        if working(day, off, make_up):
            days -= 1
    return day


def plain_between(start: dt.date, end: dt.date, off: set[dt.date], make_up: set[dt.date]) -> int:
    if end < start:
        return -plain_between(end, start, off, make_up)
    count, day = 0, start
    while day < end:
        day += ONE
        count += working(day, off, make_up)
    return count


known_days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 12, 31))
any_day = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2070, 12, 31))


@settings(max_examples=60, deadline=None)
@given(
    off=st.sets(known_days, max_size=12),
    make_up=st.sets(known_days.filter(lambda d: d.weekday() >= 5), max_size=4),
    calls=st.lists(st.tuples(any_day, st.integers(0, 600), any_day), min_size=1, max_size=4),
)
def test_the_calendar_agrees_with_a_day_by_day_count(off, make_up, calls):
    off = off - make_up
    calendar = WorkCalendar(off, make_up)  # one calendar for every call: its span grows
    for start, days, other in calls:
        assert calendar.add(start, days) == plain_add(start, days, off, make_up)
        assert calendar.between(start, other) == plain_between(start, other, off, make_up)
        assert calendar.is_working_day(other) == working(other, off, make_up)


@settings(max_examples=30, deadline=None)
@given(start=any_day, days=st.integers(0, 3000), off=st.sets(known_days, max_size=5))
def test_the_functions_agree_with_the_count_for_long_spans(start, days, off):
    # Plain collections of days off (the older call form) give the same answers.
    assert add_working_days(start, days, off) == plain_add(start, days, off, set())
    end = start + dt.timedelta(days=days)
    assert working_days_between(start, end, off) == plain_between(start, end, off, set())


def test_a_calendar_without_known_days_still_counts():
    calendar = WorkCalendar()
    assert calendar.add(dt.date(2026, 11, 27), 1) == dt.date(2026, 11, 30)  # Friday → Monday
    assert calendar.between(dt.date(1999, 12, 31), dt.date(2000, 1, 3)) == 1
    assert calendar.add(dt.date(2099, 12, 31), 0) == dt.date(2099, 12, 31)  # a Thursday
