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
    """The calendar of days off and make-up working days: one query, then no more."""
    days_off: list[dt.date] = []
    make_up: list[dt.date] = []
    for day, kind in Holiday.objects.values_list("date", "kind"):
        (make_up if kind == Holiday.Kind.MAKE_UP else days_off).append(day)
    return WorkCalendar(days_off, make_up)
