"""Thin Celery tasks: take ids or a year, call a service, own the retries."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from khuyencong.models import User
from khuyencong.task_retry import RETRY, TRANSIENT_ERRORS
from reports.models import GeneratedDocument
from reports.selectors import default_plan_year
from reports.services.documents import document_build
from reports.services.plan import plan_aggregate
from reports.services.reminders import deadline_reminders_send


# acks_late + reject_on_worker_lost: a worker killed mid-run leaves the message to be delivered
# again; the aggregation is safe to rerun (each run is a new snapshot, made current only whole).
@shared_task(
    autoretry_for=TRANSIENT_ERRORS,
    max_retries=3,
    acks_late=True,
    reject_on_worker_lost=True,
    **RETRY,
)
def aggregate_annual_plan(
    year: int | None = None, triggered_by_id: int | None = None, trigger: str = "schedule"
) -> int:
    """Aggregate a plan year (the year being planned when none is given: the nightly run)."""
    user = User.objects.filter(pk=triggered_by_id).first() if triggered_by_id else None
    run = plan_aggregate(year=year or default_plan_year(), triggered_by=user, trigger=trigger)
    return run.pk


# Time limits (seconds): at the soft one the render is interrupted and the document marked
# failed with a message; the hard one kills a render that ignores it. The largest document a
# proposal may have (MAX_COST_LINES) renders well within them (tests/reports/test_bounded_work).
@shared_task(
    autoretry_for=TRANSIENT_ERRORS,
    max_retries=3,
    soft_time_limit=settings.DOCUMENT_SOFT_TIME_LIMIT,
    time_limit=settings.DOCUMENT_TIME_LIMIT,
    **RETRY,
)
def build_document(document_id: int) -> str:
    return document_build(document_id=document_id).status


@shared_task(autoretry_for=TRANSIENT_ERRORS, max_retries=3, **RETRY)
def send_deadline_reminders() -> int:
    return deadline_reminders_send(today=timezone.localdate())


# A document normally starts within seconds; one still queued after this was never delivered
# to a worker (the broker was unreachable when it was requested: ``khuyencong.queue``).
STALE_AFTER = dt.timedelta(minutes=30)
STALE_WITHIN = dt.timedelta(days=2)


def _stalled_running_after() -> dt.timedelta:
    # No build runs past its hard time limit: one still "running" well after that lost its
    # worker in a way the broker could not see (the machine itself went down).
    limit = build_document.time_limit or settings.CELERY_TASK_TIME_LIMIT
    return dt.timedelta(seconds=limit) + STALE_AFTER


@shared_task(autoretry_for=TRANSIENT_ERRORS, max_retries=3, **RETRY)
def requeue_stale_documents() -> int:
    """Queue again the documents left waiting, and those stalled "running" past any build's
    time limit; building is safe to run twice. Every 15 min."""
    now = timezone.now()
    Status = GeneratedDocument.Status
    stale = list(
        GeneratedDocument.objects.filter(
            Q(status=Status.QUEUED, created_at__lt=now - STALE_AFTER)
            | Q(status=Status.RUNNING, created_at__lt=now - _stalled_running_after()),
            created_at__gte=now - STALE_WITHIN,
        ).values_list("pk", flat=True)[:100]
    )
    for pk in stale:
        build_document.delay(pk)
    return len(stale)
