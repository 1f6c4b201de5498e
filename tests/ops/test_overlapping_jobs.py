"""Jobs that may overlap do their work once: the e-mail catch-up, the beat itself."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from khuyencong import beat
from khuyencong.models import Notification
from khuyencong.tasks import send_notification_emails, send_pending_notification_emails
from tests.concurrency import race
from tests.conftest import requires_postgres

SENT_EMAILS: list[str] = []


class SlowBackend:
    """Records each message and takes a moment to 'send' it, as an SMTP server does, so that
    two overlapping runs really are inside the loop at the same time."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages) -> int:
        for message in messages:
            time.sleep(0.05)
            SENT_EMAILS.append(message.subject)
        return len(messages)


def _owed(world, count: int) -> list[int]:
    user = world.users["dit"]
    old = timezone.now() - dt.timedelta(minutes=30)
    notes = Notification.objects.bulk_create(
        Notification(recipient=user, subject=f"Thư {i}", email_wanted=True, created_at=old)
        for i in range(count)
    )
    return [note.pk for note in notes]


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_overlapping_catch_up_runs_send_each_email_once(world, settings):
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    SENT_EMAILS.clear()
    ids = _owed(world, 12)
    results, refusals, crashes = race(
        send_pending_notification_emails, send_pending_notification_emails
    )
    assert crashes == [] and refusals == []
    assert sorted(SENT_EMAILS) == sorted(f"Thư {i}" for i in range(12))
    assert sum(results) == 12
    assert Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_a_failed_send_gives_the_claim_back_for_the_retry(world, settings, monkeypatch):
    [pk] = _owed(world, 1)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("khuyencong.tasks.send_mail", refuse)
    with pytest.raises(ConnectionRefusedError):
        send_notification_emails.run([pk])
    assert Notification.objects.get(pk=pk).emailed_at is None  # still owed
    monkeypatch.undo()
    assert send_notification_emails([pk]) == 1
    assert [m.subject for m in mail.outbox] == ["Thư 0"]


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_beat_stands_by_until_the_first_one_dies():
    first = beat.try_lock()
    assert first is not None
    try:
        assert beat.try_lock() is None  # a second beat would wait
        assert beat.lock_alive(first)
    finally:
        first.close()  # the first beat dies: its connection, and the lock, go
    second = beat.try_lock()
    assert second is not None
    second.close()
    connection.close()


def test_the_beat_health_check_follows_its_heartbeat(tmp_path, monkeypatch, capsys):
    from khuyencong import beat_health

    heartbeat = tmp_path / "beat-heartbeat"
    monkeypatch.setenv("BEAT_HEARTBEAT_FILE", str(heartbeat))
    monkeypatch.setenv("BEAT_HEARTBEAT_MAX_AGE", "60")
    assert beat_health.main() == 1  # never ticked
    beat.touch_heartbeat(heartbeat)
    assert beat_health.main() == 0
    old = time.time() - 300
    os.utime(heartbeat, (old, old))
    assert beat_health.main() == 1
    assert "last tick 300s ago (limit 60s)" in capsys.readouterr().out


def test_the_beat_scheduler_is_the_single_one(settings):
    assert settings.CELERY_BEAT_SCHEDULER == "khuyencong.beat:SingleBeatScheduler"


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_the_banner_scheduler_and_the_running_one_share_one_lock(monkeypatch):
    # celery beat builds a "lazy" scheduler for its banner, then the one that runs.
    monkeypatch.setattr(beat, "_held", None)
    held = beat.hold_lock()
    try:
        assert beat.hold_lock() is held  # no second session waiting on the first one's lock
        assert beat.try_lock() is None  # another process would stand by
    finally:
        held.close()
        monkeypatch.setattr(beat, "_held", None)
    connection.close()
