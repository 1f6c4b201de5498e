"""The audit page: DIT leaders and admins read (and export) the append-only log.

Built for millions of rows (issue 14, item 2): no COUNT, a "next page" keyset on
(created_at, id) newest first, each filter an index (actor, exact action, a dossier code as a
prefix of the object's name); the actor is picked by autocomplete (Tom Select, ``audit_actors``),
never from a list of every user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.audit_labels import action_choices, action_label
from khuyencong.decorators import role_required
from khuyencong.forms_date import DateField
from khuyencong.lib.exports import csv_writer
from khuyencong.lib.text import dossier_code, fold, nfc
from khuyencong.models import AuditLog, Role, User
from khuyencong.search import folded_q

AUDIT_ROLES = (Role.LEADER, Role.ADMIN)
PAGE_SIZE = 50
ACTOR_LIMIT = 20
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICRO = dt.timedelta(microseconds=1)


def encode_cursor(row: AuditLog) -> str:
    """The keyset position after ``row``: ``<microseconds since 1970 UTC>.<id>``."""
    return f"{(row.created_at - _EPOCH) // _MICRO}.{row.pk}"


def decode_cursor(value: str) -> tuple[dt.datetime, int] | None:
    """(created_at, id) of a cursor made by :func:`encode_cursor`; ``None`` if malformed."""
    micros, _dot, pk = (value or "").partition(".")
    if not (micros.isascii() and micros.isdigit() and pk.isascii() and pk.isdigit()):
        return None
    if len(micros) > 17 or len(pk) > 18:
        return None
    return _EPOCH + int(micros) * _MICRO, int(pk)


def code_or_action(rows: QuerySet[AuditLog], term: str) -> QuerySet[AuditLog]:
    """Rows whose object's name starts with the dossier code ``term`` (or a prefix of it,
    ``KC-2026``), or whose action is exactly ``term``: both index ranges, never LIKE '%…%'."""
    term = nfc(term or "").strip()
    if not term:
        return rows
    return rows.filter(Q(object_repr__startswith=dossier_code(term)) | Q(action=term))


class ActorSelect(forms.Select):
    """The actor box: only the chosen user is an option; Tom Select asks for the others."""

    def __init__(self) -> None:
        super().__init__(
            attrs={
                "class": "form-select js-actor-autocomplete",
                "data-url": reverse_lazy("audit_actors"),
                "data-placeholder": _("Gõ tên hoặc tên đăng nhập"),
                "data-clear-title": _("Bỏ chọn"),
            }
        )


class AuditFilterForm(forms.Form):
    start = DateField(label=_("Từ ngày"), required=False)
    end = DateField(label=_("Đến ngày"), required=False)
    actor = forms.ModelChoiceField(
        label=_("Người thực hiện"),
        queryset=User.objects.all(),
        required=False,
        widget=ActorSelect(),
        error_messages={"invalid_choice": _("Không có người dùng này.")},
    )
    action = forms.ChoiceField(label=_("Hành động"), required=False)
    code = forms.CharField(
        label=_("Mã hồ sơ (hoặc phần đầu của mã)"), max_length=100, required=False
    )
    after = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Exact actions, by their Vietnamese names (one registry for every journal).
        self.fields["action"].choices = [("", _("Tất cả")), *action_choices()]
        self.fields["actor"].widget.choices = [("", _("Tất cả"))]

    def clean_after(self) -> tuple[dt.datetime, int] | None:
        raw = self.cleaned_data.get("after") or ""
        if not raw:
            return None
        cursor = decode_cursor(raw)
        if cursor is None:
            raise forms.ValidationError(_("Trang không hợp lệ: hãy quay về trang đầu."))
        return cursor

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước ngày kết thúc."))
        actor = data.get("actor")
        if actor is not None:
            # The one option the box shows: the chosen user (no query for the others).
            self.fields["actor"].widget.choices = [("", _("Tất cả")), (actor.pk, actor_text(actor))]
        return data


def actor_text(user: User) -> str:
    """How the autocomplete names a user: full name and username."""
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered_log(form: AuditFilterForm) -> QuerySet[AuditLog]:
    """The rows the filters of ``form`` select, newest first (no keyset position applied)."""
    rows = AuditLog.objects.order_by("-created_at", "-id")
    if not form.is_valid():
        return rows.none() if form.is_bound and form.errors else rows
    data = form.cleaned_data
    if data.get("start"):
        rows = rows.filter(created_at__gte=_day_start(data["start"]))
    if data.get("end"):
        rows = rows.filter(created_at__lt=_day_start(data["end"] + dt.timedelta(days=1)))
    if data.get("actor"):
        rows = rows.filter(actor=data["actor"])
    if data.get("action"):
        rows = rows.filter(action=data["action"])
    if data.get("code"):
        rows = rows.filter(object_repr__startswith=dossier_code(data["code"]))
    return rows


@dataclass
class KeysetPage:
    """One page of the log: its rows, the cursor of the next page ("" on the last)."""

    object_list: list[AuditLog]
    next_cursor: str
    is_first: bool

    def __iter__(self) -> Iterator[AuditLog]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def keyset_page(rows: QuerySet[AuditLog], after: tuple[dt.datetime, int] | None) -> KeysetPage:
    """The ``PAGE_SIZE`` rows of ``rows`` after the position ``after`` (newest first).

    One query of ``PAGE_SIZE + 1`` rows on the (created_at, id) index; no COUNT, no OFFSET.
    """
    if after is not None:
        created, pk = after
        rows = rows.filter(Q(created_at__lte=created) & (Q(created_at__lt=created) | Q(id__lt=pk)))
    found = list(rows[: PAGE_SIZE + 1])
    more = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    return KeysetPage(found, encode_cursor(found[-1]) if more else "", after is None)


@role_required(*AUDIT_ROLES)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    rows = filtered_log(form)
    after = form.cleaned_data.get("after") if form.is_bound and form.is_valid() else None
    page = keyset_page(rows, after)
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "khuyencong/audit_log.html",
        {"form": form, "page": page, "querystring": query.urlencode()},
    )


@role_required(*AUDIT_ROLES)
def audit_actors(request: HttpRequest) -> JsonResponse:
    """At most ``ACTOR_LIMIT`` users whose name or username contains every typed word,
    without diacritics (``tan hanh`` finds "Tân Hạnh"): the actor autocomplete's source."""
    words = fold(request.GET.get("q", "")[:100]).split()[:5]
    users = User.objects.all()
    for word in words:
        users = users.filter(folded_q(["first_name", "last_name", "username"], word))
    users = users.order_by("username").only("pk", "username", "first_name", "last_name")
    results = [{"value": u.pk, "text": actor_text(u)} for u in users[:ACTOR_LIMIT]]
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(rows: QuerySet[AuditLog]):
    writer = csv_writer(_Echo())
    yield "\ufeff"  # Excel opens UTF-8 CSV with Vietnamese text only with a BOM
    yield writer.writerow(
        [
            "id",
            "thoi_diem",
            "nguoi_thuc_hien",
            "hanh_dong",
            "ten_hanh_dong",
            "doi_tuong",
            "ma_doi_tuong",
            "ghi_chu",
        ]
    )
    for row in rows.iterator(chunk_size=1000):
        yield writer.writerow(
            [
                row.pk,
                timezone.localtime(row.created_at).isoformat(),
                row.actor_name,
                row.action,
                action_label(row.action),
                row.object_repr,
                row.object_id,
                row.note,
            ]
        )


@role_required(*AUDIT_ROLES)
def audit_log_export(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    rows = filtered_log(form)
    response = StreamingHttpResponse(_csv_rows(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nhat-ky.csv"'
    return response
