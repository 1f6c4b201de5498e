"""Generated from the workflow table: every (action, source state, persona) of the review.

Allowed combinations succeed and move the proposal to the target state with one audit row;
every other combination is refused with a message and changes nothing.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.utils import timezone

from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog, Role
from proposals.models import Proposal, State
from proposals.services.appraisal import appraisal_conclude, appraisal_start
from proposals.services.review import (
    proposal_approve,
    proposal_forward,
    proposal_reject,
    proposal_request_info,
    proposal_return,
)
from proposals.workflow import TRANSITIONS, Action
from tests.factories import CouncilFactory
from tests.factories_review import proposal_in, with_council, with_rule

REVIEW_ACTIONS = [
    Action.RETURN,
    Action.FORWARD,
    Action.REJECT,
    Action.REQUEST_INFO,
    Action.START_APPRAISAL,
    Action.CONCLUDE_APPRAISAL,
    Action.APPROVE,
]
PERSONAS = [
    "facility",
    "facility_other",
    "district",
    "district_other",
    "dit",
    "leader",
    "council",
    "finance",
    "admin",
]
_rank = itertools.count(1)


def build(world: Any, action: str, state: str) -> Proposal:
    """A proposal of l1 in ``state`` that meets every requirement of ``action``."""
    proposal = proposal_in(
        state, facility=world.users["facility"].facility, recommended_amount=250_000_000
    )
    if action == Action.CONCLUDE_APPRAISAL:
        with_council(proposal, scored=2)
    if action == Action.APPROVE:
        with_rule(proposal)
    return proposal


def take(world: Any, action: str, proposal: Proposal, persona: str) -> Proposal:
    actor = world.users[persona]
    reason = "Lý do của thao tác"
    calls = {
        Action.RETURN: lambda: proposal_return(proposal=proposal, actor=actor, reason=reason),
        Action.FORWARD: lambda: proposal_forward(
            proposal=proposal, actor=actor, opinion="Đồng ý", priority=next(_rank)
        ),
        Action.REJECT: lambda: proposal_reject(proposal=proposal, actor=actor, reason=reason),
        Action.REQUEST_INFO: lambda: proposal_request_info(
            proposal=proposal, actor=actor, reason=reason
        ),
        Action.START_APPRAISAL: lambda: appraisal_start(
            proposal=proposal, actor=actor, members=[world.users["council"], CouncilFactory()]
        ),
        Action.CONCLUDE_APPRAISAL: lambda: appraisal_conclude(
            proposal=proposal, actor=actor, recommended_amount=200_000_000
        ),
        Action.APPROVE: lambda: proposal_approve(
            proposal=proposal,
            actor=actor,
            approved_amount=250_000_000,
            plan_year=2027,
            decision_number="01/QĐ-SCT",
            decision_date=timezone.localdate(),
        ),
    }
    return calls[action]()


def expected_allowed(world: Any, action: str, state: str, persona: str) -> bool:
    user = world.users[persona]
    if user.role not in TRANSITIONS[action].allowed_roles(state):
        return False
    # The table names roles; scope narrows them to the facility's own locality.
    return not (user.role == Role.DISTRICT and user.locality_id != world.l1.pk)


def refusal(world: Any, action: str, state: str, persona: str) -> str:
    """The start of the message that refuses ``persona``: wrong state, wrong role or scope."""
    user = world.users[persona]
    if state not in TRANSITIONS[action].sources:
        return "^Không thể .* khi đề án đang ở trạng thái"
    if user.role not in TRANSITIONS[action].allowed_roles(state):
        return "^Vai trò của bạn không được"
    return "^Đề án không thuộc địa bàn của bạn"


@pytest.mark.parametrize("state", [s for s, _label in State.choices])
@pytest.mark.parametrize("action", REVIEW_ACTIONS)
def test_the_table_decides_who_may_take_each_review_action(world, action, state):
    target = TRANSITIONS[action].target
    for persona in PERSONAS:
        proposal = build(world, action, state)
        audit_before = AuditLog.objects.for_object(proposal).count()
        if expected_allowed(world, action, state, persona):
            take(world, action, proposal, persona)
            proposal.refresh_from_db()
            assert proposal.state == target, (action, state, persona)
            log = AuditLog.objects.for_object(proposal).filter(action=f"proposal.{action}")
            assert log.count() == 1, (action, state, persona)
            assert log.get().before == {"state": state}
        else:
            with pytest.raises(ServiceError, match=refusal(world, action, state, persona)):
                take(world, action, proposal, persona)
            proposal.refresh_from_db()
            assert proposal.state == state, (action, state, persona)
            assert AuditLog.objects.for_object(proposal).count() == audit_before


def test_every_review_action_has_at_least_one_allowed_combination(world):
    for action in REVIEW_ACTIONS:
        assert any(
            expected_allowed(world, action, state, persona)
            for state in TRANSITIONS[action].sources
            for persona in PERSONAS
        ), action
