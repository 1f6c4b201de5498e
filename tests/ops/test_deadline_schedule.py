"""A planning deadline's schedule follows it through the admin: create, change, delete one,
delete many; a deadline moved after its reminder reminds again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from khuyencong.models import AuditLog
from reports.models import PlanDeadline
from reports.services.reminders import DEADLINE_TASK_PREFIX, deadline_reminders_send
from tests.factories_reports import YEAR, plan_dataset

pytestmark = pytest.mark.django_db


def _admin(world) -> Client:
    client = Client()
    client.force_login(world.users["admin"])
    return client


def _add(client: Client, name: str, date: str) -> PlanDeadline:
    response = client.post(
        reverse("admin:reports_plandeadline_add"),
        {"year": YEAR, "name": name, "date": date, "reminder_days_before": 5},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return PlanDeadline.objects.get(name=name)


def _one_off(deadline: PlanDeadline) -> PeriodicTask:
    return PeriodicTask.objects.get(name=f"{DEADLINE_TASK_PREFIX}{deadline.pk}")


def test_bulk_deleting_deadlines_in_the_admin_removes_their_scheduled_runs(world):
    client = _admin(world)
    first = _add(client, "Hạn một", "2099-09-15")
    second = _add(client, "Hạn hai", "2099-10-15")
    kept = _add(client, "Hạn ba", "2099-11-15")
    assert PeriodicTask.objects.filter(one_off=True).count() == 3
    response = client.post(
        reverse("admin:reports_plandeadline_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert list(PlanDeadline.objects.values_list("name", flat=True)) == ["Hạn ba"]
    assert list(PeriodicTask.objects.filter(one_off=True)) == [_one_off(kept)]
    assert AuditLog.objects.filter(action="plan.deadline_delete").count() == 2


def test_changing_a_deadline_moves_its_run(world):
    client = _admin(world)
    deadline = _add(client, "Hạn", "2099-10-15")
    response = client.post(
        reverse("admin:reports_plandeadline_change", args=[deadline.pk]),
        {"year": YEAR, "name": "Hạn", "date": "2099-11-20", "reminder_days_before": 5},
    )
    assert response.status_code == 302
    assert _one_off(deadline).clocked.clocked_time.date() == dt.date(2099, 11, 20)
    assert PeriodicTask.objects.filter(one_off=True).count() == 1


def test_a_deadline_moved_after_its_reminder_reminds_again(world):
    plan_dataset(world)  # dossiers of YEAR wait on the district officers
    client = _admin(world)
    deadline = _add(client, "Hạn gửi danh sách", "2026-10-15")
    sent = deadline_reminders_send(today=dt.date(2026, 10, 10))
    assert sent >= 1
    deadline.refresh_from_db()
    assert deadline.reminded_on == dt.date(2026, 10, 10)
    # The DIT extends the deadline by a month: the officers must hear of the new date.
    client.post(
        reverse("admin:reports_plandeadline_change", args=[deadline.pk]),
        {
            "year": YEAR,
            "name": "Hạn gửi danh sách",
            "date": "2026-11-16",
            "reminder_days_before": 5,
        },
    )
    deadline.refresh_from_db()
    assert deadline.reminded_on is None
    assert deadline_reminders_send(today=dt.date(2026, 10, 20)) == 0  # not yet due again
    assert deadline_reminders_send(today=dt.date(2026, 11, 11)) == sent
    # Renaming it only does not remind a second time.
    client.post(
        reverse("admin:reports_plandeadline_change", args=[deadline.pk]),
        {
            "year": YEAR,
            "name": "Hạn gửi danh sách (sửa)",
            "date": "2026-11-16",
            "reminder_days_before": 5,
        },
    )
    assert deadline_reminders_send(today=dt.date(2026, 11, 12)) == 0
