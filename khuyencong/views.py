from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from khuyencong.notifications import mark_read


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
