"""Issue 17 item 6: the rule applied is the one in force on the proposal's first submission date.

A rule change on 01/07/2026: until 30/06 at most 300.000.000 đ, from 01/07 at most 200.000.000 đ
(50 % of 800.000.000 đ = 400.000.000 đ, so the amount cap decides). Dates are local
(Asia/Ho_Chi_Minh): 23:30 on 30/06 is still 30/06.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from khuyencong.exceptions import ServiceError
from proposals.models import State
from proposals.services.review import approval_maximum, proposal_approve
from proposals.services.submission import proposal_submit
from proposals.support import support_check
from tests.factories import ActivityTypeFactory, ProposalFactory
from tests.factories_review import SupportRuleFactory
from tests.factories_submission import complete_draft, provincial

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
LAST_OLD = dt.datetime(2026, 6, 30, 23, 30, tzinfo=HCM)
FIRST_NEW = dt.datetime(2026, 7, 1, 0, 15, tzinfo=HCM)


@pytest.fixture
def activity(db):
    activity = ActivityTypeFactory(code="rule-change")
    fund = provincial()
    SupportRuleFactory(
        activity_type=activity,
        fund_source=fund,
        amount_cap=300_000_000,
        production_line_multiplier=None,
        valid_to=dt.date(2026, 6, 30),
        legal_basis="Mức cũ",
    )
    SupportRuleFactory(
        activity_type=activity,
        fund_source=fund,
        amount_cap=200_000_000,
        production_line_multiplier=None,
        valid_from=dt.date(2026, 7, 1),
        legal_basis="Mức mới từ 01/07/2026",
    )
    return activity


def _appraised(world, activity, submitted_at):
    return ProposalFactory(
        facility=world.users["facility"].facility,
        state="appraised",
        activity_type=activity,
        fund_source=provincial(),
        plan_year=2026,
        submitted_at=submitted_at,
        recommended_amount=300_000_000,
    )


def test_submitted_on_30_june_keeps_the_old_cap(world, activity):
    proposal = _appraised(world, activity, LAST_OLD)
    assert support_check(proposal).rule.legal_basis == "Mức cũ"
    assert approval_maximum(proposal)[0] == 300_000_000
    proposal_approve(
        proposal=proposal,
        actor=world.users["leader"],
        approved_amount=300_000_000,
        plan_year=2026,
        decision_number="40/QĐ-SCT",
        decision_date=timezone.localdate(),
    )
    proposal.refresh_from_db()
    assert proposal.approved_amount == 300_000_000


def test_submitted_on_1_july_takes_the_new_cap(world, activity):
    proposal = _appraised(world, activity, FIRST_NEW)
    assert support_check(proposal).rule.legal_basis == "Mức mới từ 01/07/2026"
    assert approval_maximum(proposal)[0] == 200_000_000
    with pytest.raises(ServiceError, match=re.escape("vượt mức hỗ trợ tối đa 200.000.000 đ")):
        proposal_approve(
            proposal=proposal,
            actor=world.users["leader"],
            approved_amount=300_000_000,
            plan_year=2026,
            decision_number="41/QĐ-SCT",
            decision_date=timezone.localdate(),
        )


def test_a_draft_is_measured_by_the_rule_in_force_today(world, activity):
    draft = ProposalFactory(
        facility=world.users["facility"].facility,
        state="draft",
        activity_type=activity,
        fund_source=provincial(),
    )
    # Today (the test run) is after 01/07/2026 or before it: either way the rule of today.
    expected = "Mức mới từ 01/07/2026" if timezone.localdate() >= dt.date(2026, 7, 1) else "Mức cũ"
    assert support_check(draft).rule.legal_basis == expected


def test_a_returned_and_resubmitted_proposal_keeps_its_first_submission_date(world, activity):
    owner = world.users["facility"]
    proposal = complete_draft(
        owner,
        support=300_000_000,
        activity_type=activity,
        state="returned",
        submitted_at=LAST_OLD,
        code="KC-2027-0900",
    )
    proposal_submit(actor=owner, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.state == State.SUBMITTED
    assert proposal.submitted_at == LAST_OLD
    # 300.000.000 đ passed the submission check: the old rule, not today's 200.000.000 đ.
    assert support_check(proposal).cap.maximum == 300_000_000
