"""The home page and each role's dashboard: the portal's front, above every other area."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from khuyencong.models import Role
from proposals.models import Facility
from reports.dashboards import ROLES, cached_dashboard_context
from reports.models import PlanRun
from reports.selectors import latest_snapshot

DASHBOARDS = {
    Role.FACILITY: "reports/dashboards/facility.html",
    Role.DISTRICT: "reports/dashboards/district.html",
    Role.DIT: "reports/dashboards/dit.html",
    Role.LEADER: "reports/dashboards/leader.html",
    Role.COUNCIL: "reports/dashboards/council.html",
    Role.ADMIN: "reports/dashboards/admin.html",
}
# Roles whose dashboard is the home of their area.
DASHBOARD_REDIRECTS = {Role.FINANCE: "budgets:home"}


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "reports/landing.html")
    return redirect("dashboard")


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= 2100 else today.year


def _admin_context() -> dict[str, Any]:
    return {
        "pending_facilities": Facility.objects.pending().count(),
        "last_run": PlanRun.objects.select_related("triggered_by")
        .order_by("-started_at", "-id")
        .first(),
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    role = request.user.role
    if role in DASHBOARD_REDIRECTS:
        return redirect(DASHBOARD_REDIRECTS[role])
    template = DASHBOARDS.get(role, "reports/dashboards/admin.html")
    context: dict[str, Any] = {}
    if role in ROLES:
        context = dict(cached_dashboard_context(request.user, _year(request)))
    if role in (Role.DIT, Role.LEADER):
        context["snapshot"] = latest_snapshot(context["year"])
    if role == Role.ADMIN:
        context.update(_admin_context())
    return render(request, template, context)
