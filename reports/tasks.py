"""Thin Celery tasks: take ids or a year, call a service, own the retries."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from khuyencong.models import User
from reports.selectors import default_plan_year
from reports.services.documents import document_build
from reports.services.plan import plan_aggregate
from reports.services.reminders import deadline_reminders_send


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def aggregate_annual_plan(
    year: int | None = None, triggered_by_id: int | None = None, trigger: str = "schedule"
) -> int:
    """Aggregate a plan year (the year being planned when none is given: the nightly run)."""
    user = User.objects.filter(pk=triggered_by_id).first() if triggered_by_id else None
    run = plan_aggregate(year=year or default_plan_year(), triggered_by=user, trigger=trigger)
    return run.pk


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def build_document(document_id: int) -> str:
    return document_build(document_id=document_id).status


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def send_deadline_reminders() -> int:
    return deadline_reminders_send(today=timezone.localdate())
