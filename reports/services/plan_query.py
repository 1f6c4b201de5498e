"""The annual-plan figures in one SQL statement, shaped like the GROUP BY a person would write.

Each budget table is grouped by proposal once (``alloc``, ``disb``), joined to the proposals by
hash, and the whole is grouped by plan year × locality × activity type × fund source. The
distinct count of facilities makes PostgreSQL sort the rows by those keys: with the default
``work_mem`` (4 MB) that sort goes to disk from about 50,000 proposals on, and its time then
swings with the disk. The statement therefore runs with ``work_mem`` raised for its own
transaction only (``SET LOCAL``), which keeps the sort in memory up to millions of proposals.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction

from budgets.models import Allocation, Confirmation, Disbursement, Settlement
from proposals.models import Proposal
from proposals.models.proposal import State
from reports.models import PlanLine

IN_REVIEW = (
    State.SUBMITTED,
    State.RETURNED,
    State.FORWARDED,
    State.UNDER_APPRAISAL,
    State.APPRAISED,
)
# Approved and every later step of an approved proposal.
APPROVED = (State.APPROVED, State.IN_PROGRESS, State.ACCEPTED, State.SETTLED)
REFUSED = (State.REJECTED, State.WITHDRAWN, State.CANCELLED)
DONE = (State.ACCEPTED, State.SETTLED)
KEYS = ("locality_id", "activity_type_id", "fund_source_id")
# The figures of a plan line, in the order of the model (one list for the query and the table).
FIGURES = PlanLine.FIGURES
# Enough for the sort of the distinct facility count of 300,000+ proposals (about 30 MB).
WORK_MEM = "128MB"


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(["%s"] * len(values)) + ")"


def _statement(n_years: int) -> tuple[str, list[Any]]:
    p = Proposal._meta.db_table
    a = Allocation._meta.db_table
    d = Disbursement._meta.db_table
    s = Settlement._meta.db_table
    years = _in(("",) * n_years)
    sql = f"""
WITH alloc AS (
    SELECT proposal_id, SUM(amount - released) AS total FROM {a}
    WHERE status <> %s GROUP BY proposal_id
), disb AS (
    SELECT a.proposal_id,
        SUM(CASE WHEN d.kind = %s THEN -d.amount ELSE d.amount END) AS total
    FROM {d} d JOIN {a} a ON a.id = d.allocation_id
    WHERE d.status = %s GROUP BY a.proposal_id
)
SELECT p.plan_year, p.locality_id, p.activity_type_id, p.fund_source_id,
    COUNT(*),
    COUNT(*) FILTER (WHERE p.state IN {_in(IN_REVIEW)}),
    COUNT(*) FILTER (WHERE p.state IN {_in(APPROVED)}),
    COUNT(*) FILTER (WHERE p.state = %s),
    COUNT(*) FILTER (WHERE p.state IN {_in(DONE)}),
    COUNT(*) FILTER (WHERE p.state = %s),
    COUNT(*) FILTER (WHERE p.state IN {_in(REFUSED)}),
    COALESCE(SUM(p.requested_support), 0),
    COALESCE(SUM(p.recommended_amount), 0),
    COALESCE(SUM(p.approved_amount) FILTER (WHERE p.state IN {_in(APPROVED)}), 0),
    COALESCE(SUM(alloc.total), 0),
    COALESCE(SUM(disb.total), 0),
    COALESCE(SUM(s.amount), 0),
    COALESCE(SUM(p.jobs_created) FILTER (WHERE p.state IN {_in(APPROVED)}), 0),
    COUNT(DISTINCT p.facility_id) FILTER (WHERE p.state IN {_in(APPROVED)})
FROM {p} p
LEFT JOIN alloc ON alloc.proposal_id = p.id
LEFT JOIN disb ON disb.proposal_id = p.id
LEFT JOIN {s} s ON s.proposal_id = p.id
WHERE p.state <> %s AND p.plan_year IN {years}
GROUP BY p.plan_year, p.locality_id, p.activity_type_id, p.fund_source_id
ORDER BY p.plan_year, p.locality_id, p.activity_type_id, p.fund_source_id
"""  # noqa: S608  # nosec B608: table names from the models, every value a parameter
    params: list[Any] = [
        Confirmation.REFUSED,
        Disbursement.Kind.RECOVERY,
        Confirmation.CONFIRMED,
        *IN_REVIEW,
        *APPROVED,
        State.IN_PROGRESS,
        *DONE,
        State.SETTLED,
        *REFUSED,
        *APPROVED,
        *APPROVED,
        *APPROVED,
        State.DRAFT,
    ]
    return sql, params


def plan_figures(years: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The plan lines of ``years`` by year, each a dict of the keys and ``FIGURES`` (money in
    VND, counts of proposals and of facilities), ordered by the keys. One query (and a
    ``SET LOCAL`` on PostgreSQL); no error is raised for a year without proposals (no lines).
    Figures as defined in DESIGN §9 (Thông tư 28/2018/TT-BTC on the khuyến công budget)."""
    if not years:
        return {}
    sql, params = _statement(len(years))
    params += list(years)
    by_year: dict[int, list[dict[str, Any]]] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        cursor.execute(sql, params)
        for year, *keys_and_figures in cursor.fetchall():
            row = dict(zip(KEYS, keys_and_figures[:3], strict=True))
            row.update(
                (name, int(value or 0))
                for name, value in zip(FIGURES, keys_and_figures[3:], strict=True)
            )
            by_year.setdefault(year, []).append(row)
    return by_year
