"""The working-day calendar's precomputed span, pinned (issue 19, item 2).

``WorkCalendar`` lists the working days of a span once; how wide that span is and when it widens
decides its cost, never its answers. These tests pin the span's policy (one year before the first
known day, two years after the last; a call widens it when it comes within 7 days of its start or
400 days of its end, ``add`` looking ``2 × days + 30`` days ahead) and walk the rare paths the
day-by-day oracle (test_workdays_oracle.py) seldom reaches: a date a few days before the span,
and an ``add`` that runs past the span's end. Dates and counts are typed by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest

from khuyencong.lib.workdays import WorkCalendar


def _span(calendar):
    return calendar._first, calendar._last


def test_the_span_runs_from_the_year_before_the_first_known_day_to_two_years_after_the_last():
    assert _span(WorkCalendar()) == (dt.date(2020, 1, 1), dt.date(2030, 12, 31))
    calendar = WorkCalendar({dt.date(2027, 4, 30), dt.date(2028, 9, 2)}, {dt.date(2027, 5, 8)})
    assert _span(calendar) == (dt.date(2026, 1, 1), dt.date(2030, 12, 31))
    assert _span(WorkCalendar(make_up_days={dt.date(2031, 2, 7)})) == (
        dt.date(2030, 1, 1),
        dt.date(2033, 12, 31),
    )
    # Its first and last days are in the list when they are working days.
    assert calendar._ordinals[0] == dt.date(2026, 1, 1).toordinal()  # a Thursday
    assert calendar._ordinals[-1] == dt.date(2030, 12, 31).toordinal()  # a Tuesday


def test_a_count_widens_the_span_only_near_its_edges():
    calendar = WorkCalendar({dt.date(2027, 4, 30)})  # span 01/01/2026 – 31/12/2029
    # 7 days after the start and 400 days before the end: no rebuild.
    assert calendar.between(dt.date(2026, 1, 8), dt.date(2028, 11, 26)) == 750
    assert _span(calendar) == (dt.date(2026, 1, 1), dt.date(2029, 12, 31))
    # One day closer at the start: the span takes in the year before.
    calendar.between(dt.date(2026, 1, 7), dt.date(2026, 2, 1))
    assert _span(calendar) == (dt.date(2025, 1, 1), dt.date(2029, 12, 31))
    # One day closer at the end: three years after the later date.
    calendar.between(dt.date(2027, 1, 4), dt.date(2028, 11, 27))
    assert _span(calendar) == (dt.date(2025, 1, 1), dt.date(2031, 12, 31))


def test_an_addition_looks_twice_its_days_and_a_month_ahead():
    calendar = WorkCalendar()  # span 01/01/2020 – 31/12/2030
    # 10/04/2029 + 2 × 100 + 30 days = 26/11/2029, 400 days before the span's end: no rebuild.
    assert calendar.add(dt.date(2029, 4, 10), 100) == dt.date(2029, 8, 28)
    assert _span(calendar) == (dt.date(2020, 1, 1), dt.date(2030, 12, 31))
    # A day later it looks one day too far: the span reaches three years after 27/11/2029.
    assert calendar.add(dt.date(2029, 4, 11), 100) == dt.date(2029, 8, 29)
    assert _span(calendar) == (dt.date(2020, 1, 1), dt.date(2032, 12, 31))


def test_a_count_from_a_few_days_before_the_span_includes_them():
    calendar = WorkCalendar()  # span from 01/01/2020
    # (Fri 27/12/2019, Fri 03/01/2020]: Mon 30, Tue 31, Wed 1, Thu 2, Fri 3 (no day off known).
    assert calendar.between(dt.date(2019, 12, 27), dt.date(2020, 1, 3)) == 5
    assert calendar.add(dt.date(2019, 12, 27), 2) == dt.date(2019, 12, 31)


def test_an_addition_past_the_end_of_the_span_widens_it_and_still_counts():
    # Every weekday of 2027–2040 off (an absurd calendar): the span ends on 31/12/2042 and
    # holds, after Thursday 31/12/2026, only the 261 + 261 weekdays of 2041 and 2042.
    off = set()
    day = dt.date(2027, 1, 1)
    while day <= dt.date(2040, 12, 31):
        if day.weekday() < 5:
            off.add(day)
        day += dt.timedelta(days=1)
    calendar = WorkCalendar(off)
    start = dt.date(2026, 12, 31)
    assert calendar.add(start, 1) == dt.date(2041, 1, 1)
    assert calendar.add(start, 522) == dt.date(2042, 12, 31)  # the span's last day, a Wednesday
    assert _span(calendar) == (dt.date(2026, 1, 1), dt.date(2042, 12, 31))
    assert calendar.add(start, 523) == dt.date(2043, 1, 1)  # one past it: Thursday
    assert _span(calendar) == (dt.date(2026, 1, 1), dt.date(2047, 12, 31))
    assert calendar.add(start, 1000) == dt.date(2044, 10, 31)  # a Monday
    assert calendar.between(start, dt.date(2044, 10, 31)) == 1000


def test_a_negative_number_of_days_is_refused():
    with pytest.raises(ValueError, match=r"^days must not be negative$"):
        WorkCalendar().add(dt.date(2027, 1, 4), -1)
