from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from budgets.permissions import Decision
from budgets.selectors import default_year
from khuyencong.catalogue.models import FundSource


def require(decision: Decision) -> None:
    """403 with the reason when a permission function refuses."""
    allowed, reason = decision
    if not allowed:
        raise PermissionDenied(reason)


def plan_year_param(request: HttpRequest) -> int:
    """The plan year chosen in the query string; a bad or missing value falls back to the
    latest year with an appropriation (``default_year``)."""
    raw = request.GET.get("year", "")
    # A plan year column is a small integer: anything else falls back rather than overflow.
    return int(raw) if raw.isdecimal() and 1900 <= int(raw) <= 2200 else default_year()


def year_and_fund(request: HttpRequest) -> tuple[int, FundSource | None, list[FundSource]]:
    """The plan year and fund source chosen in the query string (bad values fall back)."""
    year = plan_year_param(request)
    funds = list(FundSource.objects.all())
    fund = next((f for f in funds if str(f.pk) == request.GET.get("fund")), None)
    return year, fund, funds
