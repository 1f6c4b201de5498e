"""Loading the public holidays once per request or task, for ``khuyencong.lib.workdays``."""

from __future__ import annotations

import datetime as dt

from khuyencong.models import Holiday


def holiday_dates() -> frozenset[dt.date]:
    """Every holiday on record: a few dozen rows, one query."""
    return frozenset(Holiday.objects.values_list("date", flat=True))
