"""Working-day arithmetic, pure: the caller passes the holidays (see ``khuyencong.holidays``).

Saturdays and Sundays are days off for state offices (Decree 145/2020/NĐ-CP); public holidays
and their compensation days are data an admin edits (``Holiday``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

ONE_DAY = dt.timedelta(days=1)


def is_working_day(day: dt.date, holidays: Collection[dt.date] = ()) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: dt.date, days: int, holidays: Collection[dt.date] = ()) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself is not counted).

    With ``days == 0`` the answer is ``start`` if it is a working day, else the next one.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    if days == 0:
        while not is_working_day(day, holidays):
            day += ONE_DAY
        return day
    left = days
    while left:
        day += ONE_DAY
        if is_working_day(day, holidays):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, holidays: Collection[dt.date] = ()) -> int:
    """Working days in ``(start, end]``; negative when ``end`` is before ``start``."""
    if end < start:
        return -working_days_between(end, start, holidays)
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        if is_working_day(day, holidays):
            count += 1
    return count
