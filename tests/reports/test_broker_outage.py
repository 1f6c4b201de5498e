"""The broker (Redis) unreachable when an action commits: the action succeeds, and the periodic
sweeps catch up the e-mail or the document that could not be queued then."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from kombu.exceptions import OperationalError

from khuyencong.models import Notification
from khuyencong.notifications import notify
from khuyencong.tasks import send_notification_emails, send_pending_notification_emails
from reports.models import GeneratedDocument
from reports.tasks import build_document, requeue_stale_documents
from tests.factories_reports import YEAR


def _unreachable(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def _age(queryset, minutes: int, field: str = "created_at") -> None:
    queryset.update(**{field: timezone.now() - dt.timedelta(minutes=minutes)})


def test_a_document_requested_while_the_broker_is_down_is_built_by_the_sweep(
    dataset, world, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    client = Client(raise_request_exception=True)
    client.force_login(world.users["dit"])
    monkeypatch.setattr(build_document, "delay", _unreachable)
    with (
        caplog.at_level(logging.ERROR, logger="khuyencong.queue"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("reports:document_create"),
            {"kind": "results", "year": YEAR, "format": "pdf"},
        )
    # The request was saved and says so; the failure to queue is logged for the operator.
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert document.status == GeneratedDocument.Status.QUEUED
    assert "Could not queue reports.tasks.build_document" in caplog.text
    monkeypatch.undo()
    # Not yet stale: the sweep leaves it (a worker may simply be busy).
    assert requeue_stale_documents() == 0
    _age(GeneratedDocument.objects.all(), 40)
    assert requeue_stale_documents() == 1  # tests run tasks eagerly: built now
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.DONE
    assert requeue_stale_documents() == 0


def test_an_email_not_queued_is_sent_once_by_the_sweep(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    user = world.users["dit"]
    monkeypatch.setattr(send_notification_emails, "delay", _unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], subject=lambda: "Hồ sơ mới", body=lambda: "Nội dung")
        notify(recipients=[user], subject=lambda: "Chỉ trên cổng", email=False)
    monkeypatch.undo()
    assert mail.outbox == []
    wanted = Notification.objects.get(subject="Hồ sơ mới")
    assert wanted.email_wanted and wanted.emailed_at is None
    assert not Notification.objects.get(subject="Chỉ trên cổng").email_wanted
    assert send_pending_notification_emails() == 0  # too recent: the normal path may be on it
    _age(Notification.objects.all(), 20)
    assert send_pending_notification_emails() == 1
    assert [m.subject for m in mail.outbox] == ["Hồ sơ mới"]
    assert send_pending_notification_emails() == 0
    # A notification older than the sweep's window is not mailed days late.
    with django_capture_on_commit_callbacks(execute=False):
        notify(recipients=[user], subject=lambda: "Cũ")
    _age(Notification.objects.filter(subject="Cũ"), 60 * 24 * 4)
    assert send_pending_notification_emails() == 0


def test_the_normal_path_marks_the_email_sent(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[world.users["dit"]], subject=lambda: "Bình thường")
    note = Notification.objects.get()
    assert note.email_wanted and note.emailed_at is not None
    _age(Notification.objects.all(), 20)
    assert send_pending_notification_emails() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "task"),
    [
        (
            "khuyencong.send_pending_notification_emails",
            "khuyencong.tasks.send_pending_notification_emails",
        ),
        ("reports.requeue_stale_documents", "reports.tasks.requeue_stale_documents"),
    ],
)
def test_the_sweeps_are_scheduled_every_15_minutes(name, task):
    entry = PeriodicTask.objects.get(name=name)
    assert entry.task == task and entry.enabled
    assert (entry.interval.every, entry.interval.period) == (15, "minutes")
