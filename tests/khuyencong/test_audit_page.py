from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from khuyencong import audit
from khuyencong.models import AuditLog
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def _rows(world, count: int) -> None:
    for index in range(count):
        audit.record(actor=world.users["dit"], action="proposal.forward", note=f"row {index}")


def test_it_lists_rows_for_leaders_and_filters_by_action_actor_and_code(client, world):
    proposal = ProposalFactory(facility=world.users["facility"].facility, code="KC-2026-0042")
    audit.record(actor=world.users["facility"], action="proposal.submit", obj=proposal)
    audit.record(actor=world.users["dit"], action="allocation.confirm", note="tiền")
    client.force_login(world.users["leader"])
    url = reverse("audit_log")

    page = client.get(url, {"code": "KC-2026-0042"})
    assert [row.action for row in page.context["page"]] == ["proposal.submit"]

    page = client.get(url, {"actor": world.users["dit"].pk})
    assert [row.action for row in page.context["page"]] == ["allocation.confirm"]

    # Actions are chosen by their Vietnamese names and matched exactly.
    page = client.get(url, {"action": "allocation.confirm"})
    assert [row.action for row in page.context["page"]] == ["allocation.confirm"]
    body = page.content.decode()
    option = '<option value="allocation.confirm" selected>Sở Tài chính xác nhận phân bổ</option>'
    assert option in body
    assert "<td>Sở Tài chính xác nhận phân bổ</td>" in body  # the row shows the name, not the code
    page = client.get(url, {"action": "allocation"})  # a part of an action is no choice
    assert list(page.context["page"]) == []


def test_it_filters_by_date_range_and_refuses_an_inverted_range(client, world):
    audit.record(actor=world.users["dit"], action="old.action")
    AuditLog.objects.create(
        actor_name="x", action="older.action", created_at=timezone.now() - dt.timedelta(days=40)
    )
    client.force_login(world.users["admin"])
    today = timezone.localdate()
    page = client.get(reverse("audit_log"), {"start": (today - dt.timedelta(days=1)).isoformat()})
    actions = [r.action for r in page.context["page"]]
    assert "old.action" in actions and "older.action" not in actions

    page = client.get(reverse("audit_log"), {"start": today.isoformat(), "end": "2000-01-01"})
    assert page.status_code == 200
    assert "Ngày bắt đầu phải trước ngày kết thúc." in page.content.decode()
    assert list(page.context["page"]) == []


def test_it_escapes_hostile_text(client, world):
    audit.record(
        actor=world.users["dit"],
        action="x",
        note='<script>alert(1)</script>"><img src=x onerror=alert(1)>',
    )
    client.force_login(world.users["leader"])
    body = client.get(reverse("audit_log")).content.decode()
    assert "<script>alert(1)" not in body
    assert "<img src=x onerror" not in body
    assert "&lt;script&gt;" in body


def test_it_exports_the_filtered_rows_as_csv_with_formulas_neutralised(client, world):
    audit.record(actor=world.users["dit"], action="allocation.confirm", note="=HYPERLINK(1)")
    audit.record(actor=world.users["dit"], action="proposal.forward", note="khác")
    client.force_login(world.users["leader"])
    response = client.get(reverse("audit_log_export"), {"action": "allocation.confirm"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    lines = text.lstrip("\ufeff").strip().splitlines()
    assert len(lines) == 2
    assert "allocation.confirm" in lines[1] and "'=HYPERLINK(1)" in lines[1]
    assert "Sở Tài chính xác nhận phân bổ" in lines[1]


def test_it_paginates(client, world):
    _rows(world, 55)
    client.force_login(world.users["leader"])
    page = client.get(reverse("audit_log"))
    assert len(page.context["page"].object_list) == 50
    cursor = page.context["page"].next_cursor
    page = client.get(reverse("audit_log"), {"after": cursor})
    assert len(page.context["page"].object_list) == 5
    assert page.context["page"].next_cursor == ""


def test_its_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    client.force_login(world.users["leader"])
    _rows(world, 2)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("audit_log"))
    _rows(world, 18)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("audit_log"))


def test_the_admin_cannot_add_change_or_delete_rows(world):
    row = audit.record(actor=world.users["dit"], action="x")
    model_admin = admin.site._registry[AuditLog]
    request = RequestFactory().get("/")
    request.user = world.users["admin"]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, row)
    assert not model_admin.has_delete_permission(request, row)


def test_the_admin_site_refuses_to_change_or_delete_a_row(client, world):
    row = audit.record(actor=world.users["dit"], action="x", note="gốc")
    client.force_login(world.users["admin"])
    change = reverse("admin:khuyencong_auditlog_change", args=[row.pk])
    delete = reverse("admin:khuyencong_auditlog_delete", args=[row.pk])
    client.post(change, {"action": "y", "note": "sửa"})
    assert client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:khuyencong_auditlog_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert (row.action, row.note) == ("x", "gốc")
    assert AuditLog.objects.filter(pk=row.pk).exists()
