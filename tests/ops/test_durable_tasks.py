"""Tasks survive their workers: settings every task inherits, and the sweep that finishes a
document whose build was lost while "running"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from khuyencong.celery import app
from reports.models import GeneratedDocument
from reports.tasks import build_document, requeue_stale_documents
from tests.factories_reports import YEAR, GeneratedDocumentFactory, plan_dataset

Status = GeneratedDocument.Status


def test_every_task_is_acked_late_requeued_on_a_lost_worker_and_time_limited(settings):
    app.loader.import_default_modules()
    tasks = [
        name for name in app.tasks if name.startswith(("khuyencong.", "reports.", "proposals."))
    ]
    assert len(tasks) >= 6
    for name in tasks:
        task = app.tasks[name]
        assert task.acks_late is True, name
        assert task.reject_on_worker_lost is True, name
        limit = task.time_limit or app.conf.task_time_limit
        assert limit and limit < settings.TASK_VISIBILITY_TIMEOUT, name
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert (
        app.conf.broker_transport_options["visibility_timeout"] == settings.TASK_VISIBILITY_TIMEOUT
    )
    assert app.conf.worker_max_memory_per_child == 614400
    assert app.conf.task_ignore_result is True


@pytest.mark.django_db
def test_the_sweep_finishes_a_document_left_running_by_a_dead_worker(world):
    plan_dataset(world)
    owner = world.users["dit"]
    limit = build_document.time_limit or app.conf.task_time_limit
    lost = GeneratedDocumentFactory(owner=owner, params={"year": YEAR}, status=Status.RUNNING)
    busy = GeneratedDocumentFactory(owner=owner, params={"year": YEAR}, status=Status.RUNNING)
    GeneratedDocument.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - dt.timedelta(seconds=limit) - dt.timedelta(minutes=31)
    )
    # Still within a build's time limit: a worker may be on it right now.
    GeneratedDocument.objects.filter(pk=busy.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=5)
    )
    assert requeue_stale_documents() == 1  # tests run tasks eagerly: built now
    lost.refresh_from_db()
    busy.refresh_from_db()
    assert lost.status == Status.DONE and lost.file
    assert busy.status == Status.RUNNING
    assert requeue_stale_documents() == 0
