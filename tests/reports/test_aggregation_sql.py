"""The plan aggregation against a hand-written SQL GROUP BY, on a small hand-made data set whose
totals are written by hand below (issue 14, item 6).

The data set, plan year 2030, all in locality l1 with activity "machinery":
- provincial fund: F1 has two approved proposals (100 M and 60 M approved, requested 120 M and
  70 M, 4 and 2 jobs), F2 one settled (requested 90 M, approved 80 M, 3 jobs), F3 one submitted
  (requested 40 M) and one draft (requested 999 M: never counted);
- national fund: F2 one rejected (requested 30 M).
Money: the first F1 proposal has an allocation of 100 M (confirmed) with an advance of 50 M
(confirmed), a recovery of 10 M (confirmed) and a payment of 20 M still proposed; the second
an allocation of 60 M of which 15 M released, and a refused one of 99 M; F2's settled one an
allocation of 80 M, a payment of 80 M and a settlement of 75 M. A proposal of 2029 (approved,
50 M) belongs to another year.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.services.plan import plan_rows
from tests.factories import ActivityTypeFactory, FacilityFactory, FundSourceFactory
from tests.factories import ProposalFactory as P
from tests.factories_budget import (
    AllocationFactory,
    AppropriationFactory,
    DisbursementFactory,
    SettlementFactory,
)

M = 1_000_000
YEAR = 2030

# Written by hand from the module docstring.
PROVINCIAL = {
    "n_submitted": 4,  # two approved, one settled, one submitted (the draft is not)
    "n_in_review": 1,
    "n_approved": 3,
    "n_in_progress": 0,
    "n_accepted": 1,
    "n_settled": 1,
    "n_refused": 0,
    "requested": 320 * M,  # 120 + 70 + 90 + 40
    "recommended": 0,
    "approved": 240 * M,  # 100 + 60 + 80
    "allocated": 225 * M,  # 100 + (60 - 15) + 80; the refused 99 never
    "disbursed": 120 * M,  # 50 - 10 + 80; the proposed payment of 20 not yet
    "settled": 75 * M,
    "jobs": 9,  # 4 + 2 + 3
    "facilities": 2,  # F1 (twice) and F2
}
NATIONAL = {
    **dict.fromkeys(PROVINCIAL, 0),
    "n_submitted": 1,
    "n_refused": 1,
    "requested": 30 * M,
}

# The oracle: a GROUP BY written by hand with a correlated subquery per budget table, not the
# shape of the code under test.
HAND_SQL = """
SELECT p.locality_id, p.activity_type_id, p.fund_source_id,
    COUNT(*) AS n_submitted,
    SUM(CASE WHEN p.state IN ('submitted', 'returned', 'forwarded', 'under_appraisal',
                              'appraised') THEN 1 ELSE 0 END) AS n_in_review,
    SUM(CASE WHEN p.state IN ('approved', 'in_progress', 'accepted', 'settled')
        THEN 1 ELSE 0 END) AS n_approved,
    SUM(CASE WHEN p.state = 'in_progress' THEN 1 ELSE 0 END) AS n_in_progress,
    SUM(CASE WHEN p.state IN ('accepted', 'settled') THEN 1 ELSE 0 END) AS n_accepted,
    SUM(CASE WHEN p.state = 'settled' THEN 1 ELSE 0 END) AS n_settled,
    SUM(CASE WHEN p.state IN ('rejected', 'withdrawn', 'cancelled') THEN 1 ELSE 0 END)
        AS n_refused,
    COALESCE(SUM(p.requested_support), 0) AS requested,
    COALESCE(SUM(p.recommended_amount), 0) AS recommended,
    COALESCE(SUM(CASE WHEN p.state IN ('approved', 'in_progress', 'accepted', 'settled')
        THEN p.approved_amount END), 0) AS approved,
    COALESCE(SUM((SELECT SUM(a.amount - a.released) FROM budgets_allocation a
                   WHERE a.proposal_id = p.id AND a.status <> 'refused')), 0) AS allocated,
    COALESCE(SUM((SELECT SUM(CASE WHEN d.kind = 'recovery' THEN -d.amount ELSE d.amount END)
                   FROM budgets_disbursement d
                   JOIN budgets_allocation a ON a.id = d.allocation_id
                   WHERE a.proposal_id = p.id AND d.status = 'confirmed')), 0) AS disbursed,
    COALESCE(SUM((SELECT s.amount FROM budgets_settlement s WHERE s.proposal_id = p.id)), 0)
        AS settled,
    COALESCE(SUM(CASE WHEN p.state IN ('approved', 'in_progress', 'accepted', 'settled')
        THEN p.jobs_created END), 0) AS jobs,
    COUNT(DISTINCT CASE WHEN p.state IN ('approved', 'in_progress', 'accepted', 'settled')
        THEN p.facility_id END) AS facilities
FROM proposals_proposal p
WHERE p.plan_year = %s AND p.state <> 'draft'
GROUP BY p.locality_id, p.activity_type_id, p.fund_source_id
"""


@pytest.fixture
def plan(world) -> dict[str, Any]:
    l1 = world.l1
    provincial = FundSourceFactory(code="prov30", name="Địa phương")
    national = FundSourceFactory(code="nat30", name="Quốc gia")
    machinery = ActivityTypeFactory(code="mach30", name="Máy móc")
    f1, f2, f3 = (FacilityFactory(locality=l1) for _ in range(3))

    def proposal(facility: Any, state: str, fund: Any, requested: int, **extra: Any) -> Any:
        return P(
            facility=facility,
            state=state,
            activity_type=machinery,
            fund_source=fund,
            plan_year=extra.pop("year", YEAR),
            requested_support=requested * M,
            recommended_amount=None,
            **extra,
        )

    a = proposal(f1, "approved", provincial, 120, approved_amount=100 * M, jobs_created=4)
    b = proposal(f1, "approved", provincial, 70, approved_amount=60 * M, jobs_created=2)
    c = proposal(f2, "settled", provincial, 90, approved_amount=80 * M, jobs_created=3)
    proposal(f3, "submitted", provincial, 40, jobs_created=7)
    proposal(f3, "draft", provincial, 999)
    proposal(f2, "rejected", national, 30, jobs_created=5)
    other = proposal(f1, "approved", provincial, 50, approved_amount=50 * M, year=YEAR - 1)
    dit = world.users["dit"]
    money = AppropriationFactory(fund_source=provincial, plan_year=YEAR, amount=1_000 * M)
    al_a = AllocationFactory(appropriation=money, proposal=a, amount=100 * M, proposed_by=dit)
    AllocationFactory(
        appropriation=money, proposal=b, amount=60 * M, released=15 * M, proposed_by=dit
    )
    AllocationFactory(
        appropriation=money, proposal=b, amount=99 * M, status="refused", proposed_by=dit
    )
    al_c = AllocationFactory(appropriation=money, proposal=c, amount=80 * M, proposed_by=dit)
    AllocationFactory(appropriation=money, proposal=other, amount=50 * M, proposed_by=dit)
    DisbursementFactory(allocation=al_a, amount=50 * M, kind="advance", recorded_by=dit)
    DisbursementFactory(allocation=al_a, amount=10 * M, kind="recovery", recorded_by=dit)
    DisbursementFactory(
        allocation=al_a, amount=20 * M, kind="payment", status="proposed", recorded_by=dit
    )
    DisbursementFactory(allocation=al_c, amount=80 * M, kind="payment", recorded_by=dit)
    SettlementFactory(proposal=c, amount=75 * M, returned=5 * M, settled_by=dit)
    return {"l1": l1, "provincial": provincial, "national": national, "machinery": machinery}


def hand_sql() -> dict[tuple, dict[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute(HAND_SQL, [YEAR])
        names = [c[0] for c in cursor.description]  # a tuple on SQLite, a Column on psycopg
        return {
            tuple(row[:3]): {n: int(v) for n, v in zip(names[3:], row[3:], strict=True)}
            for row in cursor.fetchall()
        }


def aggregated() -> dict[tuple, dict[str, int]]:
    keys = ("locality_id", "activity_type_id", "fund_source_id")
    return {
        tuple(row[k] for k in keys): {n: v for n, v in row.items() if n not in keys}
        for row in plan_rows(YEAR)
    }


def test_the_hand_written_group_by_gives_the_hand_totals(plan):
    key = (plan["l1"].pk, plan["machinery"].pk)
    assert hand_sql() == {
        (*key, plan["provincial"].pk): PROVINCIAL,
        (*key, plan["national"].pk): NATIONAL,
    }


def test_the_aggregation_equals_the_hand_written_group_by(plan):
    key = (plan["l1"].pk, plan["machinery"].pk)
    assert aggregated() == hand_sql()
    assert aggregated()[(*key, plan["provincial"].pk)] == PROVINCIAL


def test_the_aggregation_is_one_select_statement(plan):
    with CaptureQueriesContext(connection) as captured:
        plan_rows(YEAR)
    selects = [q["sql"] for q in captured.captured_queries if "SELECT" in q["sql"].upper()]
    assert len(selects) == 1
    if connection.vendor == "postgresql":
        # The sort of the distinct facility count stays in memory (issue 14: it went to disk).
        assert any("work_mem" in q["sql"] for q in captured.captured_queries)
