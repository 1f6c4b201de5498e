"""Loading the official calendar once per request or task, for ``khuyencong.lib.workdays``."""

from __future__ import annotations

import datetime as dt

from khuyencong.lib.workdays import WorkCalendar
from khuyencong.models import Holiday


def holiday_dates() -> frozenset[dt.date]:
    """Every day off on record (make-up working days excluded): one query."""
    return frozenset(
        Holiday.objects.filter(kind=Holiday.Kind.DAY_OFF).values_list("date", flat=True)
    )


def work_calendar() -> WorkCalendar:
    """The calendar of days off and make-up working days: one query, then no more. Rows flagged
    provisional, and the years after the last year with an official row, mark the deadlines
    that rest on them as provisional."""
    days_off: list[dt.date] = []
    make_up: list[dt.date] = []
    provisional: list[dt.date] = []
    announced: set[int] = set()
    for day, kind, is_provisional in Holiday.objects.values_list("date", "kind", "provisional"):
        (make_up if kind == Holiday.Kind.MAKE_UP else days_off).append(day)
        if is_provisional:
            provisional.append(day)
        else:
            announced.add(day.year)
    return WorkCalendar(
        days_off,
        make_up,
        provisional_days=provisional,
        announced_until=max(announced) if announced else None,
    )
