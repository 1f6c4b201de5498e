from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from khuyencong.models import Role
from khuyencong.notifications import mark_read

DASHBOARDS = {
    Role.FACILITY: "khuyencong/dashboards/facility.html",
    Role.DISTRICT: "khuyencong/dashboards/district.html",
    Role.DIT: "khuyencong/dashboards/dit.html",
    Role.LEADER: "khuyencong/dashboards/leader.html",
    Role.COUNCIL: "khuyencong/dashboards/council.html",
    Role.FINANCE: "khuyencong/dashboards/finance.html",
    Role.ADMIN: "khuyencong/dashboards/admin.html",
}


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


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    from proposals.dashboards import ROLES, cached_dashboard_context

    template = DASHBOARDS.get(request.user.role, "khuyencong/dashboards/admin.html")
    context = {}
    if request.user.role in ROLES:
        context = cached_dashboard_context(request.user, _year(request))
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
