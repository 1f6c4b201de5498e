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
