"""Daily reminders of due progress reports, and their Celery beat schedule."""

import datetime as dt

from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from khuyencong.models import Notification
from proposals.models import ReportReminder
from proposals.monitoring.tasks import report_reminders_send, send_progress_report_reminders
from tests.factories_monitoring import ProgressReportFactory, in_progress_proposal

TODAY = timezone.localdate()


def test_it_reminds_facilities_whose_report_is_due_or_overdue(
    world, django_capture_on_commit_callbacks
):
    owner = world.users["facility"]
    overdue = in_progress_proposal(owner, contract_days_ago=40)
    due_today = in_progress_proposal(owner, contract_days_ago=30)
    not_yet = in_progress_proposal(owner, contract_days_ago=10)
    reported = in_progress_proposal(owner, contract_days_ago=40)
    ProgressReportFactory(proposal=reported, number=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert report_reminders_send(today=TODAY) == 2
    subjects = sorted(
        Notification.objects.filter(recipient=owner).values_list("subject", flat=True)
    )
    assert any(overdue.code in s and "quá hạn báo cáo tiến độ 10 ngày" in s for s in subjects)
    assert any(due_today.code in s and "đến hạn báo cáo" in s for s in subjects)
    assert not any(not_yet.code in s or reported.code in s for s in subjects)
    assert len(mail.outbox) == 2 and mail.outbox[0].to == [owner.email]


def test_it_reminds_once_a_day_however_often_it_runs(world):
    in_progress_proposal(world.users["facility"], contract_days_ago=40)
    assert send_progress_report_reminders() == 1
    assert send_progress_report_reminders() == 0
    assert ReportReminder.objects.count() == 1
    assert report_reminders_send(today=TODAY + dt.timedelta(days=1)) == 1


def test_the_interval_is_configurable(world, settings):
    settings.PROGRESS_REPORT_INTERVAL_DAYS = 60
    in_progress_proposal(world.users["facility"], contract_days_ago=40)
    assert report_reminders_send(today=TODAY) == 0


def test_the_reminders_are_scheduled_daily(db):
    task = PeriodicTask.objects.get(
        task="proposals.monitoring.tasks.send_progress_report_reminders"
    )
    assert task.enabled and task.crontab.hour == "7" and task.crontab.minute == "0"
