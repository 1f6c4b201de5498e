from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from khuyencong.models import Role
from khuyencong.notifications import mark_read


class PortalPasswordResetView(PasswordResetView):
    """Django's password reset, whose e-mailed link starts with ``PORTAL_BASE_URL``: the
    request's Host header is the sender's to choose (a poisoned link would hand the token to
    another server)."""

    def form_valid(self, form: Any) -> HttpResponse:
        self.extra_email_context = {"portal_base_url": settings.PORTAL_BASE_URL}
        return super().form_valid(form)


DASHBOARDS = {
    Role.FACILITY: "khuyencong/dashboards/facility.html",
    Role.DISTRICT: "khuyencong/dashboards/district.html",
    Role.DIT: "khuyencong/dashboards/dit.html",
    Role.LEADER: "khuyencong/dashboards/leader.html",
    Role.COUNCIL: "khuyencong/dashboards/council.html",
    Role.ADMIN: "khuyencong/dashboards/admin.html",
}
# Roles whose dashboard is the home of their area.
DASHBOARD_REDIRECTS = {Role.FINANCE: "budgets:home"}


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "khuyencong/landing.html")
    return redirect("dashboard")


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= 2100 else today.year


def _admin_context() -> dict[str, Any]:
    from proposals.models import Facility
    from reports.models import PlanRun

    return {
        "pending_facilities": Facility.objects.pending().count(),
        "last_run": PlanRun.objects.select_related("triggered_by")
        .order_by("-started_at", "-id")
        .first(),
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    from proposals.dashboards import ROLES, cached_dashboard_context
    from reports.selectors import latest_snapshot

    role = request.user.role
    if role in DASHBOARD_REDIRECTS:
        return redirect(DASHBOARD_REDIRECTS[role])
    template = DASHBOARDS.get(role, "khuyencong/dashboards/admin.html")
    context: dict[str, Any] = {}
    if role in ROLES:
        context = dict(cached_dashboard_context(request.user, _year(request)))
    if role in (Role.DIT, Role.LEADER):
        context["snapshot"] = latest_snapshot(context["year"])
    if role == Role.ADMIN:
        context.update(_admin_context())
    return render(request, template, context)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(request.user.notifications.all(), 30).get_page(request.GET.get("page"))
    return render(request, "khuyencong/notifications.html", {"page": page})


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    note = None
    if pk is not None:
        note = request.user.notifications.filter(pk=pk).first()
        if note is None:
            raise Http404
    mark_read(user=request.user, notification_id=pk)
    # Only links inside the portal ("//elsewhere" also starts with a slash).
    if note is not None and url_has_allowed_host_and_scheme(
        note.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(note.url)
    return redirect("notifications")


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
