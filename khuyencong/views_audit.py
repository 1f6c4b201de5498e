"""The audit page: DIT leaders and admins read (and export) the append-only log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.audit_labels import action_choices, action_label
from khuyencong.decorators import role_required
from khuyencong.lib.exports import csv_writer
from khuyencong.models import AuditLog, Role, User

AUDIT_ROLES = (Role.LEADER, Role.ADMIN)
PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    start = forms.DateField(
        label=_("Từ ngày"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    end = forms.DateField(
        label=_("Đến ngày"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    actor = forms.ModelChoiceField(
        label=_("Người thực hiện"), queryset=User.objects.order_by("username"), required=False
    )
    action = forms.ChoiceField(label=_("Hành động"), required=False)
    code = forms.CharField(label=_("Mã hồ sơ / đối tượng"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Exact actions, by their Vietnamese names (one registry for every journal).
        self.fields["action"].choices = [("", _("Tất cả")), *action_choices()]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước ngày kết thúc."))
        return data


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered_log(form: AuditFilterForm) -> QuerySet[AuditLog]:
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
        code = data["code"].strip()
        rows = rows.filter(Q(object_repr__icontains=code) | Q(object_id=code))
    return rows


@role_required(*AUDIT_ROLES)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    rows = filtered_log(form)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "khuyencong/audit_log.html",
        {"form": form, "page": page, "querystring": query.urlencode()},
    )


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
