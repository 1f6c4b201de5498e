"""Double submission of every workflow transition (issue 8), on PostgreSQL.

Two identical requests at the same moment, each in its own thread and database connection:
exactly one succeeds, the other gets a clear ``ServiceError`` message, and one audit row is
written. The table below must name every action of ``proposals.workflow.TRANSITIONS``.

Concurrent allocations, disbursements and settlements are raced in tests/budgets/
test_concurrency.py, dossier codes in tests/proposals/test_submission_concurrency.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from budgets.services import settlement_confirm
from budgets.services.lifecycle import proposal_accept, proposal_cancel
from khuyencong.models import AuditLog
from proposals.models import Acceptance, Proposal
from proposals.monitoring.services.lifecycle import (
    AcceptanceInput,
    proposal_start,
)
from proposals.services.appraisal import appraisal_conclude, appraisal_start
from proposals.services.review import (
    proposal_approve,
    proposal_forward,
    proposal_reject,
    proposal_request_info,
    proposal_return,
)
from proposals.services.submission import proposal_submit, proposal_withdraw
from proposals.workflow import TRANSITIONS, Action
from tests.concurrency import race
from tests.conftest import requires_postgres
from tests.factories import CouncilFactory
from tests.factories_budget import AllocationFactory
from tests.factories_monitoring import approved_proposal, in_progress_proposal, lines_of, pdf
from tests.factories_review import appraised, proposal_in, with_council
from tests.factories_submission import complete_draft

TODAY = timezone.localdate()


@dataclass(frozen=True)
class Row:
    """How to put a proposal where ``action`` applies, and the one call a user would repeat."""

    action: str
    setup: Callable[[Any], Proposal]
    call: Callable[[Any, Proposal], Any]


def _acceptance(proposal: Proposal) -> AcceptanceInput:
    first, second = lines_of(proposal)
    return AcceptanceInput(
        accepted_on=TODAY,
        members="Sở Công Thương, UBND huyện Long Hồ, cơ sở",
        result=Acceptance.Result.PASS,
        line_amounts={first.pk: 580_000_000, second.pk: 200_000_000},
        jobs_achieved=12,
        capacity_achieved="2,5 tấn/ngày",
        revenue_achieved=600_000_000,
    )


def _accepted(w: Any) -> Proposal:
    allocation = AllocationFactory(
        amount=300_000_000, proposal__state="accepted", proposal__accepted_support=300_000_000
    )
    return allocation.proposal


def _fresh(proposal: Proposal) -> Proposal:
    return Proposal.objects.get(pk=proposal.pk)


def _facility(w: Any):
    return w.users["facility"].facility


ROWS = [
    Row(
        Action.SUBMIT,
        lambda w: complete_draft(w.users["facility"]),
        lambda w, p: proposal_submit(actor=w.users["facility"], proposal=_fresh(p)),
    ),
    Row(
        Action.RETURN,
        lambda w: proposal_in("submitted", facility=_facility(w)),
        lambda w, p: proposal_return(
            proposal=_fresh(p), actor=w.users["district"], reason="Thiếu."
        ),
    ),
    Row(
        Action.FORWARD,
        lambda w: proposal_in("submitted", facility=_facility(w)),
        lambda w, p: proposal_forward(
            proposal=_fresh(p), actor=w.users["district"], opinion="Đồng ý", priority=1
        ),
    ),
    Row(
        Action.REJECT,
        lambda w: proposal_in("submitted", facility=_facility(w)),
        lambda w, p: proposal_reject(
            proposal=_fresh(p), actor=w.users["district"], reason="Không."
        ),
    ),
    Row(
        Action.REQUEST_INFO,
        lambda w: proposal_in("forwarded", facility=_facility(w)),
        lambda w, p: proposal_request_info(
            proposal=_fresh(p), actor=w.users["dit"], reason="Bổ sung báo giá."
        ),
    ),
    Row(
        Action.START_APPRAISAL,
        lambda w: _forwarded_with_second_member(w),
        lambda w, p: appraisal_start(
            proposal=_fresh(p), actor=w.users["dit"], members=[w.users["council"], w.objects["m2"]]
        ),
    ),
    Row(
        Action.CONCLUDE_APPRAISAL,
        lambda w: _under_appraisal(w),
        lambda w, p: appraisal_conclude(
            proposal=_fresh(p), actor=w.users["dit"], recommended_amount=p.requested_support
        ),
    ),
    Row(
        Action.APPROVE,
        lambda w: appraised(facility=_facility(w)),
        lambda w, p: proposal_approve(
            proposal=_fresh(p),
            actor=w.users["leader"],
            approved_amount=200_000_000,
            plan_year=TODAY.year + 1,
            decision_number="25/QĐ-SCT",
            decision_date=TODAY,
        ),
    ),
    Row(
        Action.START,
        lambda w: approved_proposal(w.users["facility"]),
        lambda w, p: proposal_start(
            proposal=_fresh(p),
            actor=w.users["dit"],
            contract_number="HĐ-07/2027",
            contract_date=TODAY - dt.timedelta(days=10),
            files=[(pdf("hop-dong.pdf"), "application/pdf")],
        ),
    ),
    Row(
        Action.ACCEPT,
        lambda w: in_progress_proposal(w.users["facility"]),
        lambda w, p: proposal_accept(
            proposal=_fresh(p),
            actor=w.users["dit"],
            data=_acceptance(p),
            minutes=[(pdf(), "application/pdf")],
        ),
    ),
    Row(
        Action.SETTLE,
        _accepted,
        lambda w, p: settlement_confirm(
            proposal=_fresh(p), amount=250_000_000, actor=w.users["finance"]
        ),
    ),
    Row(
        Action.WITHDRAW,
        lambda w: proposal_in("submitted", facility=_facility(w)),
        lambda w, p: proposal_withdraw(
            actor=w.users["facility"], proposal=_fresh(p), reason="Đổi kế hoạch."
        ),
    ),
    Row(
        Action.CANCEL,
        lambda w: approved_proposal(w.users["facility"]),
        lambda w, p: proposal_cancel(
            proposal=_fresh(p), actor=w.users["leader"], reason="Cơ sở ngừng hoạt động."
        ),
    ),
]


def _forwarded_with_second_member(w: Any) -> Proposal:
    w.objects["m2"] = CouncilFactory(username="council-two")
    return proposal_in("forwarded", facility=_facility(w))


def _under_appraisal(w: Any) -> Proposal:
    proposal = proposal_in("under_appraisal", facility=_facility(w))
    with_council(proposal, scored=2)
    return proposal


def test_the_table_covers_every_transition():
    assert sorted(row.action for row in ROWS) == sorted(TRANSITIONS)


@requires_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.action)
def test_a_double_submission_succeeds_once(world, row):
    proposal = row.setup(world)
    before = proposal.state
    results, refusals, crashes = race(
        lambda: row.call(world, proposal), lambda: row.call(world, proposal)
    )
    assert crashes == []
    assert len(results) == 1, refusals
    assert len(refusals) == 1
    assert len(refusals[0]) > 15  # a sentence the user can act on, not a code
    proposal.refresh_from_db()
    assert proposal.state == TRANSITIONS[row.action].target
    log = AuditLog.objects.for_object(proposal).filter(action=f"proposal.{row.action}")
    assert log.count() == 1
    assert log.get().before["state"] == before
