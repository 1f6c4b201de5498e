"""Celery tasks retry on transient errors and are safe to run twice; a worker killed in the
middle of the aggregation leaves the previous snapshot current and whole (issue 8)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from unittest import mock

import pytest
from celery import Celery
from django.core import mail
from django.db import OperationalError, connection

from khuyencong.celery import app
from khuyencong.models import Notification
from khuyencong.notifications import notify
from reports.models import GeneratedDocument, PlanLine, PlanRun
from reports.selectors import latest_run, running_run
from reports.services.plan import plan_aggregate
from reports.tasks import aggregate_annual_plan, build_document
from tests.conftest import requires_postgres
from tests.factories_reports import YEAR, GeneratedDocumentFactory, plan_dataset
from tests.reports.test_celery_worker import REDIS, requires_redis

PROJECT = ("khuyencong.", "proposals.", "reports.", "budgets.")
# ping touches neither the database nor the mail: nothing to retry.
NO_RETRY_NEEDED = {"khuyencong.tasks.ping"}


def _project_tasks() -> dict[str, object]:
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.startswith(PROJECT)}


def test_there_are_project_tasks():
    assert len(_project_tasks()) >= 6


@pytest.mark.parametrize("name", sorted(set(_project_tasks()) - NO_RETRY_NEEDED))
def test_every_task_retries_on_transient_database_and_broker_errors(name):
    task = _project_tasks()[name]
    retried = tuple(task.autoretry_for)
    for error in (OperationalError("db restarting"), ConnectionError("broker down")):
        assert isinstance(error, retried), f"{name} does not retry on {type(error).__name__}"
    assert task.max_retries and task.max_retries >= 3
    assert task.retry_backoff


def _figures(run: PlanRun) -> list[tuple]:
    return sorted(
        tuple(
            getattr(line, name) for name in ("locality_id", "activity_type_id", *PlanLine.FIGURES)
        )
        for line in run.lines.all()
    )


@pytest.mark.django_db
def test_a_transient_database_error_is_retried_and_the_run_completes(world):
    plan_dataset(world)
    calls = {"n": 0}

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return plan_aggregate(**kwargs)

    with mock.patch("reports.tasks.plan_aggregate", side_effect=flaky):
        # throw=False: let apply() run the retry, as a worker would (eager mode re-applies).
        run_id = aggregate_annual_plan.apply(args=[YEAR], throw=False).get()
    assert calls["n"] == 2
    assert PlanRun.objects.get(pk=run_id).status == PlanRun.Status.DONE


@pytest.mark.django_db
def test_the_aggregation_twice_gives_the_same_snapshot(world):
    plan_dataset(world)
    first = PlanRun.objects.get(pk=aggregate_annual_plan.apply(args=[YEAR]).get())
    second = PlanRun.objects.get(pk=aggregate_annual_plan.apply(args=[YEAR]).get())
    assert _figures(first) == _figures(second) != []
    assert latest_run(YEAR) == second


@pytest.mark.django_db
def test_a_document_built_twice_is_built_once(world):
    document = GeneratedDocumentFactory(owner=world.users["dit"], params={"year": YEAR})
    assert build_document.apply(args=[document.pk]).get() == "done"
    document.refresh_from_db()
    name, finished = document.file.name, document.finished_at
    assert build_document.apply(args=[document.pk]).get() == "done"
    document.refresh_from_db()
    assert (document.file.name, document.finished_at) == (name, finished)
    assert GeneratedDocument.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_notification_emails_sent_twice_are_mailed_once(world):
    from khuyencong.tasks import send_notification_emails

    notify(
        recipients=[world.users["dit"]],
        subject=lambda: "Thử",
        body=lambda: "Nội dung",
        url="/dashboard/",
    )
    ids = list(Notification.objects.values_list("pk", flat=True))
    mail.outbox.clear()
    assert send_notification_emails.apply(args=[ids]).get() == 0  # already sent on commit
    assert send_notification_emails.apply(args=[ids]).get() == 0
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_the_deadline_digest_twice_mails_each_officer_once(world):
    import datetime as dt

    from proposals.tasks import send_deadline_digests
    from tests.proposals.test_review_deadlines import TODAY, waiting_since

    waiting_since("submitted", dt.date(2026, 2, 6), world.users["facility"].facility)
    assert send_deadline_digests.apply(args=[TODAY.isoformat()]).get() == 1
    assert send_deadline_digests.apply(args=[TODAY.isoformat()]).get() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_digest_that_failed_to_send_is_sent_by_the_retry(world):
    import datetime as dt

    from proposals.tasks import send_deadline_digests
    from tests.proposals.test_review_deadlines import TODAY, waiting_since

    waiting_since("submitted", dt.date(2026, 2, 6), world.users["facility"].facility)
    calls = {"n": 0}
    real = __import__("proposals.tasks", fromlist=["send_mail"]).send_mail

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("smtp down")
        return real(**kwargs)

    with mock.patch("proposals.tasks.send_mail", side_effect=flaky):
        result = send_deadline_digests.apply(args=[TODAY.isoformat()], throw=False).get()
    assert result == 1 and calls["n"] == 2
    assert len(mail.outbox) == 1


# --- a worker killed in the middle of the aggregation -----------------------------------------


def _database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@requires_postgres
@requires_redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_aggregation_leaves_the_previous_snapshot_whole(
    world, settings, tmp_path
):
    plan_dataset(world)
    previous = plan_aggregate(year=YEAR, trigger="manual")
    before = _figures(previous)
    assert before

    marker = tmp_path / "paused"
    queue = f"kc-test-kill-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "khuyencong.settings",
        "DJANGO_ENV": "test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "KC_TEST_AGGREGATION_PAUSE": str(marker),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "khuyencong", "worker", "--pool=solo", "-Q", queue,
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"],
        cwd=str(settings.BASE_DIR),
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        client = Celery(broker=REDIS, backend=REDIS, set_as_current=False)
        client.send_task("reports.tasks.aggregate_annual_plan", args=[YEAR], queue=queue)
        deadline = time.monotonic() + 90
        while not marker.exists():
            assert worker.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        # The worker has written its lines inside the transaction and now waits: kill it.
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    # PostgreSQL rolls the dead connection's transaction back once it notices; wait for it.
    killed = PlanRun.objects.exclude(pk=previous.pk).get(year=YEAR)
    for _ in range(100):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
                " AND pid <> pg_backend_pid() AND state = 'idle in transaction'",
                [connection.settings_dict["NAME"]],
            )
            if cursor.fetchone()[0] == 0:
                break
        time.sleep(0.1)

    assert killed.status == PlanRun.Status.RUNNING  # the run row was committed before the work
    assert PlanLine.objects.filter(run=killed).count() == 0  # no half snapshot
    assert latest_run(YEAR) == previous
    assert running_run(YEAR) == killed
    assert _figures(PlanRun.objects.get(pk=previous.pk)) == before

    rerun = aggregate_annual_plan.apply(args=[YEAR]).get()
    assert latest_run(YEAR).pk == rerun
    assert _figures(PlanRun.objects.get(pk=rerun)) == before
    killed.refresh_from_db()
    assert killed.status == PlanRun.Status.FAILED and running_run(YEAR) is None


@pytest.mark.django_db
def test_deadline_reminders_sent_twice_remind_once(world):
    import datetime as dt

    from django.utils import timezone

    from reports.models import PlanDeadline
    from reports.tasks import send_deadline_reminders
    from tests.factories_review import proposal_in

    today = timezone.localdate()
    proposal_in("submitted", facility=world.users["facility"].facility, plan_year=today.year + 1)
    PlanDeadline.objects.create(
        year=today.year + 1, name="Hạn tổng hợp", date=today + dt.timedelta(days=2)
    )
    first = send_deadline_reminders.apply().get()
    notes = Notification.objects.count()
    assert first >= 1 and notes >= 1
    assert send_deadline_reminders.apply().get() == 0
    assert Notification.objects.count() == notes
