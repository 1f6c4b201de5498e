"""Deadline reminders to district officers, and the beat schedule admins can edit."""

from __future__ import annotations

import datetime as dt
import json

from django.test import Client
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from khuyencong.models import Notification
from reports.models import PlanDeadline
from reports.services.reminders import deadline_reminders_send, waiting_by_officer
from reports.tasks import send_deadline_reminders
from tests.factories import DistrictOfficerFactory, ProposalFactory
from tests.factories_reports import YEAR, PlanDeadlineFactory

DEADLINE = dt.date(2026, 10, 15)
REMIND_ON = DEADLINE - dt.timedelta(days=5)


def waiting_world(world):
    """l1 has two dossiers waiting on its officer; l2 has only forwarded ones."""
    fa = world.users["facility"].facility
    fb = world.users["facility_other"].facility
    waiting = [
        ProposalFactory(facility=fa, state="submitted", plan_year=YEAR, title="Lò sấy"),
        ProposalFactory(facility=fa, state="submitted", plan_year=YEAR, title="Máy ép"),
    ]
    ProposalFactory(facility=fa, state="forwarded", plan_year=YEAR)  # no longer theirs
    ProposalFactory(facility=fa, state="submitted", plan_year=YEAR + 1)  # another year
    ProposalFactory(facility=fb, state="forwarded", plan_year=YEAR)
    return waiting


def test_it_selects_exactly_the_officers_with_waiting_dossiers(world):
    waiting = waiting_world(world)
    colleague = DistrictOfficerFactory(username="officer-b", locality=world.l1)
    DistrictOfficerFactory(username="gone", locality=world.l1, is_active=False)
    selected = waiting_by_officer(YEAR)
    assert set(selected) == {world.users["district"], colleague}
    assert selected[world.users["district"]] == sorted(waiting, key=lambda p: p.code)


def test_reminders_go_out_on_the_reminder_day_once(world):
    waiting = waiting_world(world)
    deadline = PlanDeadlineFactory(date=DEADLINE, reminder_days_before=5)
    assert deadline_reminders_send(today=REMIND_ON - dt.timedelta(days=1)) == 0
    assert deadline_reminders_send(today=REMIND_ON) == 1
    note = Notification.objects.get()
    assert note.recipient == world.users["district"]
    assert "15/10/2026" in note.subject and "còn 2 hồ sơ" in note.subject
    for proposal in waiting:
        assert proposal.code in note.body
    # The officer's own unit, not a level word ("UBND huyện Long Hồ" for the world's district).
    assert "đang chờ UBND huyện Long Hồ xem xét" in note.body
    deadline.refresh_from_db()
    assert deadline.reminded_on == REMIND_ON
    assert deadline_reminders_send(today=REMIND_ON + dt.timedelta(days=1)) == 0
    assert Notification.objects.count() == 1
    assert Notification.objects.filter(recipient=world.users["district_other"]).count() == 0


def test_a_missed_reminder_day_still_reminds_before_the_deadline_but_not_after(world):
    waiting_world(world)
    PlanDeadlineFactory(date=DEADLINE, reminder_days_before=5)
    assert deadline_reminders_send(today=DEADLINE + dt.timedelta(days=1)) == 0
    assert deadline_reminders_send(today=DEADLINE - dt.timedelta(days=2)) == 1


def test_the_daily_task_sends_the_reminders(world, monkeypatch):
    waiting_world(world)
    PlanDeadlineFactory(date=DEADLINE, reminder_days_before=5)
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: REMIND_ON)
    assert send_deadline_reminders.delay().get() == 1


def test_the_beat_schedule_rows_exist(db):
    nightly = PeriodicTask.objects.get(task="reports.tasks.aggregate_annual_plan", one_off=False)
    assert nightly.enabled
    assert nightly.crontab.month_of_year == "8-12"  # the planning season only
    assert (nightly.crontab.hour, nightly.crontab.minute) == ("1", "0")
    assert json.loads(nightly.kwargs) == {"trigger": "nightly"}
    daily = PeriodicTask.objects.get(task="reports.tasks.send_deadline_reminders")
    assert daily.crontab.month_of_year == "*"
    assert daily.name == "Nhắc hạn chót kế hoạch cho UBND địa phương (hằng ngày)"


def test_an_admin_changes_the_schedule_in_the_admin_without_a_deploy(world):
    nightly = PeriodicTask.objects.get(task="reports.tasks.aggregate_annual_plan", one_off=False)
    client = Client()
    client.force_login(world.users["admin"])
    url = reverse("admin:django_celery_beat_periodictask_change", args=[nightly.pk])
    assert client.get(url).status_code == 200
    crontab_url = reverse(
        "admin:django_celery_beat_crontabschedule_change", args=[nightly.crontab_id]
    )
    response = client.post(
        crontab_url,
        {
            "minute": "30",
            "hour": "2",
            "day_of_month": "*",
            "month_of_year": "9-11",
            "day_of_week": "*",
            "timezone": "Asia/Ho_Chi_Minh",
            # the inline of the tasks using this crontab, left as it is
            "periodictask_set-TOTAL_FORMS": "0",
            "periodictask_set-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    nightly.refresh_from_db()
    assert (nightly.crontab.minute, nightly.crontab.hour) == ("30", "2")
    assert nightly.crontab.month_of_year == "9-11"


def test_saving_a_deadline_in_the_admin_schedules_an_aggregation_at_it(world):
    client = Client()
    client.force_login(world.users["admin"])
    response = client.post(
        reverse("admin:reports_plandeadline_add"),
        {
            "year": YEAR,
            "name": "Hạn gửi danh sách",
            "date": "2099-10-15",
            "reminder_days_before": 5,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    deadline = PlanDeadline.objects.get()
    task = PeriodicTask.objects.get(one_off=True)
    assert task.task == "reports.tasks.aggregate_annual_plan"
    assert json.loads(task.kwargs) == {"year": YEAR, "trigger": "deadline"}
    assert task.clocked.clocked_time.date() == dt.date(2099, 10, 15)
    assert task.enabled
    client.post(reverse("admin:reports_plandeadline_delete", args=[deadline.pk]), {"post": "yes"})
    assert not PeriodicTask.objects.filter(one_off=True).exists()
