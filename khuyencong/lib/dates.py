"""Dates written the way Decree 30/2020/NĐ-CP wants them on official documents."""

from __future__ import annotations

import datetime as dt


def _day_month(value: int, *, month: bool) -> str:
    # Days below 10 and the months January and February take a leading zero (Decree 30,
    # Appendix I, II.1.d): "ngày 06 tháng 02", but "tháng 3", "tháng 11".
    if month:
        return f"{value:02d}" if value in (1, 2) else str(value)
    return f"{value:02d}"


def written_date(day: dt.date) -> str:
    """``date(2023, 11, 6)`` -> ``"ngày 06 tháng 11 năm 2023"``."""
    return (
        f"ngày {_day_month(day.day, month=False)} "
        f"tháng {_day_month(day.month, month=True)} năm {day.year}"
    )


def place_and_date(place: str, day: dt.date) -> str:
    """``"Vĩnh Long", date(2023, 11, 6)`` -> ``"Vĩnh Long, ngày 06 tháng 11 năm 2023"``."""
    return f"{place}, {written_date(day)}"


def short_date(day: dt.date | None) -> str:
    """``date(2023, 11, 6)`` -> ``"06/11/2023"``; empty for ``None``."""
    return day.strftime("%d/%m/%Y") if day else ""


def planning_year(today: dt.date, *, season_start_month: int = 7) -> int:
    """The plan year every page offers by default: the year whose plan is being prepared.

    Proposals for year N are gathered and appraised in the second half of year N-1 (the budget
    estimates for year N are drawn up from July of year N-1, Law on the State Budget 2015,
    Art. 44), so from ``season_start_month`` on the planning year is next year, before it this
    year. ``planning_year(date(2026, 11, 30))`` -> 2027; ``planning_year(date(2026, 3, 1))`` ->
    2026.
    """
    return today.year + 1 if today.month >= season_start_month else today.year


def current_plan_year(today: dt.date | None = None) -> int:
    """``planning_year`` of today (Vietnam time) with the configured season start."""
    from django.conf import settings
    from django.utils import timezone

    return planning_year(
        today or timezone.localdate(), season_start_month=settings.PLAN_SEASON_START_MONTH
    )
