from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from khuyencong.notifications import mark_read


class PortalPasswordResetView(PasswordResetView):
    """Django's password reset, whose e-mailed link starts with ``PORTAL_BASE_URL``: the
    request's Host header is the sender's to choose (a poisoned link would hand the token to
    another server)."""

    def form_valid(self, form: Any) -> HttpResponse:
        self.extra_email_context = {"portal_base_url": settings.PORTAL_BASE_URL}
        return super().form_valid(form)



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
    """Liveness: the process answers. No dependency is asked, so that a database or Redis
    outage does not get every web container restarted (``/readyz`` tells about those)."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: each dependency; 503 only when the database, which every page needs, is down."""
    from khuyencong.health import dependencies

    checks = dependencies()
    if checks["database"] != "ok":
        status = "unavailable"
    elif "unavailable" in checks.values():
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == "unavailable" else 200
    )
