from __future__ import annotations

import datetime as dt

from django import template

from khuyencong.lib.dates import written_date as write_date
from khuyencong.lib.money import format_vnd

register = template.Library()


@register.filter
def vnd_plain(amount: int | None) -> str:
    """Dot separators without the currency sign, for table cells: ``1.250.000``."""
    return format_vnd(amount or 0, suffix=False)


@register.filter
def written_date(day: dt.date | None) -> str:
    """``ngày 06 tháng 11 năm 2023`` (Decree 30/2020/NĐ-CP)."""
    return write_date(day) if day else ""


@register.filter
def percent(fraction: float | None) -> str:
    """``0.256`` -> ``"25,6%"``; a dash when there is nothing to divide by."""
    if fraction is None:
        return "–"
    return f"{fraction * 100:.1f}%".replace(".", ",")
