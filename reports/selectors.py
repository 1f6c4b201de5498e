"""Reads of the reports app: the current snapshot of a plan year and its tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import F, QuerySet, Sum

from khuyencong.lib.dates import current_plan_year
from reports.models import PlanApproval, PlanLine, PlanRun

SUMMED = PlanLine.FIGURES
# A finished run's lines are never written again, so its tables can be kept for a while: only
# renamed localities or activity types would show late.
SNAPSHOT_CACHE_SECONDS = 60 * 60


def default_plan_year(today: dt.date | None = None) -> int:
    """The year being planned (one rule for every page: ``khuyencong.lib.dates``)."""
    return current_plan_year(today)


@dataclass
class Snapshot:
    run: PlanRun
    totals: dict[str, int]
    by_locality: list[dict[str, Any]] = field(default_factory=list)
    by_activity: list[dict[str, Any]] = field(default_factory=list)
    by_fund: list[dict[str, Any]] = field(default_factory=list)

    @property
    def taken_at(self) -> dt.datetime:
        return self.run.finished_at


def _sums(queryset: Any, *keys: str) -> list[dict[str, Any]]:
    return list(
        queryset.values(*keys).annotate(**{name: Sum(name) for name in SUMMED}).order_by(*keys)
    )


def latest_run(year: int) -> PlanRun | None:
    return (
        PlanRun.objects.filter(year=year, status=PlanRun.Status.DONE)
        .select_related("triggered_by")
        .order_by("-finished_at", "-id")
        .first()
    )


def latest_snapshot(year: int) -> Snapshot | None:
    """The last finished aggregation of ``year`` with its tables; ``None`` if never run.

    The tables are cached by run: a dashboard costs one query whether or not a run exists."""
    run = latest_run(year)
    if run is None:
        return None
    return snapshot_of(run)


def snapshot_of(run: PlanRun) -> Snapshot:
    """The tables of a finished ``run`` (cached: a finished run's lines are never rewritten)."""
    key = f"plan-snapshot:{run.pk}"
    snapshot = cache.get(key)
    if snapshot is None:
        snapshot = _snapshot(run)
        cache.set(key, snapshot, SNAPSHOT_CACHE_SECONDS)
    else:
        snapshot.run = run  # the fresh row (its trigger and user), not the cached copy
    return snapshot


def _snapshot(run: PlanRun) -> Snapshot:
    lines = PlanLine.objects.filter(run=run)
    totals = lines.aggregate(**{name: Sum(name) for name in SUMMED})
    return Snapshot(
        run=run,
        totals={name: totals[name] or 0 for name in SUMMED},
        by_locality=_sums(lines, "locality__code", "locality__name"),
        by_activity=_sums(
            lines, "activity_type__group__number", "activity_type__code", "activity_type__name"
        ),
        by_fund=_sums(lines, "fund_source__code", "fund_source__name"),
    )


def plan_approval(year: int) -> PlanApproval | None:
    """The latest submission of ``year``'s plan to the leader (approved, waiting or returned)."""
    return (
        PlanApproval.objects.filter(year=year)
        .select_related("run", "submitted_by", "decided_by")
        .order_by("-submitted_at", "-id")
        .first()
    )


def approved_plan(year: int) -> PlanApproval | None:
    """The approved plan of ``year``, whose figures and annex are frozen; ``None`` if none."""
    return PlanApproval.objects.approved().filter(year=year).select_related("run").first()


def running_run(year: int) -> PlanRun | None:
    return PlanRun.objects.filter(year=year, status=PlanRun.Status.RUNNING).first()


def public_approved_rows(year: int, query: str = "") -> QuerySet[Any]:
    """The approved proposals of ``year`` for the public page, as rows of a query (paginate it
    in SQL; ``public_row`` shapes one). No personal data at all: only these columns leave the
    database, no representative, phone, e-mail or attachment.

    ``query`` (optional) is an exact dossier code or a part of the facility's name, matched
    without diacritics (issue 14: ``tan hanh`` finds "Cơ sở cơ khí Tân Hạnh").
    """
    from django.db.models import Q

    from khuyencong.lib.text import dossier_code
    from khuyencong.search import folded_q
    from proposals.models import Proposal
    from reports.services.plan import APPROVED

    approved = Proposal.objects.filter(plan_year=year, state__in=APPROVED)
    if query.strip():
        approved = approved.filter(
            Q(code=dossier_code(query)) | folded_q(["facility__name"], query)
        )
    return (
        approved.values(
            "id",
            "code",
            "state",
            locality_code=F("locality__code"),
            facility_name=F("facility__name"),
            locality_name=F("locality__name"),
            activity_name=F("activity_type__name"),
            approved_amount_value=F("approved_amount"),
        )
        .order_by("locality_code", "code", "id")
    )


def public_row(row: dict[str, Any]) -> dict[str, Any]:
    from proposals.models.proposal import State

    return {
        "code": row["code"],
        "facility": row["facility_name"],
        "locality": row["locality_name"],
        "activity": row["activity_name"] or "",
        "approved": row["approved_amount_value"] or 0,
        "state": row["state"],
        "state_label": str(dict(State.choices).get(row["state"], row["state"])),
    }


def public_approved(year: int) -> list[dict[str, Any]]:
    """Every approved proposal of ``year`` shaped for the downloads (CSV, JSON)."""
    return [public_row(row) for row in public_approved_rows(year).iterator(chunk_size=2000)]
