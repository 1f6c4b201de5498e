"""Thin Celery tasks: take ids or a year, call a service, own the retries."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from khuyencong.models import User
from khuyencong.task_retry import RETRY, TRANSIENT_ERRORS
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


@shared_task(autoretry_for=TRANSIENT_ERRORS, max_retries=3, **RETRY)
def build_document(document_id: int) -> str:
    return document_build(document_id=document_id).status


@shared_task(autoretry_for=TRANSIENT_ERRORS, max_retries=3, **RETRY)
def send_deadline_reminders() -> int:
    return deadline_reminders_send(today=timezone.localdate())
