"""Working-day arithmetic over a precomputed calendar, pure: the caller passes the days off and
the make-up working days (see ``khuyencong.holidays.work_calendar``).

Saturdays and Sundays are days off for state offices (Decree 145/2020/NĐ-CP); public holidays,
swapped days off and make-up working days (ngày làm bù) are data an admin edits (``Holiday``).
The calendar lists every working day of a span once, sorted; adding or counting working days
is then two binary searches, never a walk day by day.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Collection

ONE_DAY = dt.timedelta(days=1)


class WorkCalendar:
    """The working days of the state offices: Monday to Friday, minus ``days_off``, plus
    ``make_up_days`` (a make-up Saturday is a working day)."""

    def __init__(
        self,
        days_off: Collection[dt.date] = (),
        make_up_days: Collection[dt.date] = (),
        *,
        provisional_days: Collection[dt.date] = (),
        announced_until: int | None = None,
    ) -> None:
        self.days_off = frozenset(days_off)
        self.make_up_days = frozenset(make_up_days)
        # Days whose schedule is announced but not confirmed, and the last year whose calendar
        # was officially announced (later years are provisional as a whole).
        self.provisional_days = sorted(provisional_days)
        self.announced_until = announced_until
        known = self.days_off | self.make_up_days
        self._first = dt.date(min(known).year - 1, 1, 1) if known else dt.date(2020, 1, 1)
        self._last = dt.date(max(known).year + 2, 12, 31) if known else dt.date(2030, 12, 31)
        self._build()

    def _build(self) -> None:
        day, days = self._first, []
        while day <= self._last:
            if self._is_working(day):
                days.append(day.toordinal())
            day += ONE_DAY
        self._ordinals = days

    def _is_working(self, day: dt.date) -> bool:
        if day in self.make_up_days:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def _cover(self, *days: dt.date) -> None:
        # A date outside the span (a test in 2040, a typo in 1990) widens it once.
        low, high = min(days), max(days)
        if low - dt.timedelta(days=7) < self._first or high + dt.timedelta(days=400) > self._last:
            self._first = min(self._first, dt.date(low.year - 1, 1, 1))
            self._last = max(self._last, dt.date(high.year + 3, 12, 31))
            self._build()

    def is_working_day(self, day: dt.date) -> bool:
        return self._is_working(day)

    def is_provisional(self, start: dt.date, end: dt.date) -> bool:
        """Whether working days from ``start`` to ``end`` (inclusive) rest on a schedule not yet
        officially announced: a provisional day off or make-up day in the span, or a year after
        the last announced one. A deadline computed over such a span may still move."""
        if self.announced_until is not None and end.year > self.announced_until:
            return True
        index = bisect.bisect_left(self.provisional_days, start)
        return index < len(self.provisional_days) and self.provisional_days[index] <= end

    def add(self, start: dt.date, days: int) -> dt.date:
        if days < 0:
            raise ValueError("days must not be negative")
        self._cover(start, start + dt.timedelta(days=days * 2 + 30))
        ordinal = start.toordinal()
        while True:
            if days == 0:
                index = bisect.bisect_left(self._ordinals, ordinal)
            else:
                index = bisect.bisect_right(self._ordinals, ordinal) + days - 1
            if index < len(self._ordinals):
                return dt.date.fromordinal(self._ordinals[index])
            self._last = dt.date(self._last.year + 5, 12, 31)  # far beyond the span: widen
            self._build()

    def between(self, start: dt.date, end: dt.date) -> int:
        if end < start:
            return -self.between(end, start)
        self._cover(start, end)
        return bisect.bisect_right(self._ordinals, end.toordinal()) - bisect.bisect_right(
            self._ordinals, start.toordinal()
        )


def _calendar(holidays: Collection[dt.date] | WorkCalendar) -> WorkCalendar:
    return holidays if isinstance(holidays, WorkCalendar) else WorkCalendar(holidays)


def is_working_day(day: dt.date, holidays: Collection[dt.date] | WorkCalendar = ()) -> bool:
    return _calendar(holidays).is_working_day(day)


def add_working_days(
    start: dt.date, days: int, holidays: Collection[dt.date] | WorkCalendar = ()
) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself is not counted).

    With ``days == 0`` the answer is ``start`` if it is a working day, else the next one.
    ``holidays`` is a ``WorkCalendar`` (days off and make-up days) or a collection of days off.
    Raises ValueError for a negative ``days``.
    """
    return _calendar(holidays).add(start, days)


def working_days_between(
    start: dt.date, end: dt.date, holidays: Collection[dt.date] | WorkCalendar = ()
) -> int:
    """Working days in ``(start, end]``; negative when ``end`` is before ``start``."""
    return _calendar(holidays).between(start, end)
