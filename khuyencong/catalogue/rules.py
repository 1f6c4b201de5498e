"""Support-cap arithmetic, pure and in whole VND."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

from khuyencong.lib.money import format_vnd


@dataclass(frozen=True)
class CapResult:
    eligible_cost: int
    percent: Decimal
    by_percent: int  # percent × eligible cost, rounded down to the dong
    amount_cap: int | None  # after the production-line multiplier
    maximum: int

    def explain(self) -> str:
        """E.g. "Mức hỗ trợ tối đa: 50% × 800.000.000 đ = 400.000.000 đ, không quá 300.000.000 đ"."""  # noqa: E501
        percent = f"{self.percent.normalize():f}".replace(".", ",")
        text = _("Mức hỗ trợ tối đa: %(percent)s%% × %(cost)s = %(value)s") % {
            "percent": percent,
            "cost": format_vnd(self.eligible_cost),
            "value": format_vnd(self.by_percent),
        }
        if self.amount_cap is not None:
            text += _(", không quá %(cap)s") % {"cap": format_vnd(self.amount_cap)}
        return text


def _floor(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def compute_cap(
    *,
    eligible_cost: int,
    percent: Decimal | int | str,
    amount_cap: int | None,
    multiplier: Decimal | int | str | None = None,
) -> CapResult:
    percent = Decimal(str(percent))
    by_percent = _floor(Decimal(int(eligible_cost)) * percent / Decimal(100))
    cap = amount_cap
    if cap is not None and multiplier is not None:
        cap = _floor(Decimal(cap) * Decimal(str(multiplier)))
    maximum = by_percent if cap is None else min(by_percent, cap)
    return CapResult(
        eligible_cost=int(eligible_cost),
        percent=percent,
        by_percent=by_percent,
        amount_cap=cap,
        maximum=maximum,
    )
