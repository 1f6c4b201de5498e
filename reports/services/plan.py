"""The annual-plan aggregation (DESIGN §9): one GROUP BY statement into a snapshot."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from budgets.models import Allocation, Confirmation, Disbursement, Settlement, signed_amount
from khuyencong import audit
from khuyencong.models import User
from reports.models import PlanLine, PlanRun

# Re-exported: the documents and dashboards count the same states as the plan.
from reports.services.plan_query import APPROVED as APPROVED
from reports.services.plan_query import IN_REVIEW as IN_REVIEW
from reports.services.plan_query import REFUSED as REFUSED
from reports.services.plan_query import plan_figures

logger = logging.getLogger(__name__)

ZERO = Value(0, output_field=models.BigIntegerField())


def money_subquery(subquery: models.QuerySet) -> Coalesce:
    return Coalesce(Subquery(subquery, output_field=models.BigIntegerField()), ZERO)


def per_proposal_money() -> dict[str, Coalesce]:
    """Money from the budget tables, one scalar subquery per proposal."""
    allocated = (
        Allocation.objects.filter(proposal=OuterRef("pk"))
        .exclude(status=Confirmation.REFUSED)
        .values("proposal")
        .annotate(total=Sum(F("amount") - F("released")))
        .values("total")
    )
    disbursed = (
        Disbursement.objects.filter(
            allocation__proposal=OuterRef("pk"), status=Confirmation.CONFIRMED
        )
        .values("allocation__proposal")
        .annotate(total=Sum(signed_amount()))
        .values("total")
    )
    settled = Settlement.objects.filter(proposal=OuterRef("pk")).values("amount")
    return {
        "m_allocated": money_subquery(allocated),
        "m_disbursed": money_subquery(disbursed),
        "m_settled": money_subquery(settled),
    }


def plan_rows(year: int) -> list[dict[str, Any]]:
    """The lines of ``year``: GROUP BY locality × activity type × fund source, in SQL."""
    return plan_rows_of_years([year]).get(year, [])


def plan_rows_of_years(years: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The lines of several plan years at once, by year: one GROUP BY statement over the
    proposals and their budget rows (``plan_query``), whatever the number of proposals."""
    return plan_figures(years)


def _write_lines(run: PlanRun, rows: list[dict[str, Any]]) -> None:
    PlanLine.objects.bulk_create(
        PlanLine(
            run=run,
            locality_id=row["locality_id"],
            activity_type_id=row["activity_type_id"],
            fund_source_id=row["fund_source_id"],
            **{name: row[name] for name in PlanLine.FIGURES},
        )
        for row in rows
    )


def _test_pause() -> None:
    """In test mode only: stop between writing the lines and marking the run done, so that a
    test can kill the worker mid-aggregation. ``KC_TEST_AGGREGATION_PAUSE`` names a file that
    is written when the pause starts; the pause lasts two minutes."""
    if settings.ENV != "test":
        return
    marker = os.environ.get("KC_TEST_AGGREGATION_PAUSE")
    if marker:
        Path(marker).write_text(str(os.getpid()))
        time.sleep(120)


def _mark_done(run: PlanRun) -> None:
    run.status = PlanRun.Status.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])


def plan_aggregate(
    *, year: int, triggered_by: User | None = None, trigger: str = "manual"
) -> PlanRun:
    """Aggregate ``year`` into a new snapshot and make it the current one.

    The run row is committed first (so a page can say that a run is under way); the lines and
    the ``done`` mark are written in one transaction, so a failure leaves no half snapshot and
    the previous ``done`` run stays current. The failure is recorded on the run and re-raised.
    """
    run = PlanRun.objects.create(year=year, triggered_by=triggered_by, trigger=trigger)
    try:
        with transaction.atomic():
            _write_lines(run, plan_rows(year))
            _test_pause()
            _mark_done(run)
            # A run that began before this one and never finished lost its worker (a crash, a
            # kill): it will not finish, so the page must stop saying a run is under way.
            PlanRun.objects.filter(year=year, status=PlanRun.Status.RUNNING, pk__lt=run.pk).update(
                status=PlanRun.Status.FAILED,
                finished_at=timezone.now(),
                error="Bị gián đoạn (tiến trình xử lý dừng giữa chừng).",
            )
            audit.record(actor=triggered_by, action="plan.aggregate", obj=run, note=str(year))
    except Exception as exc:
        logger.exception("Aggregation of plan year %s failed", year)
        PlanRun.objects.filter(pk=run.pk).update(
            status=PlanRun.Status.FAILED, finished_at=timezone.now(), error=str(exc)[:2000]
        )
        raise
    return run
