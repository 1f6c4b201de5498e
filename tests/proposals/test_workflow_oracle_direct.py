"""The workflow without an intermediate level (INTERMEDIATE_LEVEL = "none"), written out by hand.

Facilities submit straight to the DIT: ``submit`` leads to "forwarded" and the intermediate
officer's actions (return, forward, reject a submitted proposal) do not exist. ``EXPECTED`` is
typed from issue 16 (Must-show 2) and DESIGN.md section 5 minus the intermediate review, not
read from ``proposals/workflow.py``: every action × state × role is checked through the real
permission function, and the submission itself through the service and the page.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from khuyencong.models import AuditLog, Notification
from proposals.deadlines import DeadlineCalendar
from proposals.models import Proposal
from proposals.permissions import can_take
from proposals.services.submission import proposal_submit
from proposals.steps import current_step
from proposals.workflow import actions_from, role_may
from tests.factories_review import proposal_in
from tests.factories_submission import complete_draft

F, DIT, L, FIN = "facility", "dit", "leader", "finance"

# action -> {state: roles}; any (action, state, role) not listed must be refused. "return" and
# "forward" are absent: nobody may take them.
EXPECTED: dict[str, dict[str, set[str]]] = {
    "submit": {"draft": {F}, "returned": {F}},
    "reject": {"forwarded": {DIT}, "appraised": {L}},
    "request_info": {"forwarded": {DIT}, "under_appraisal": {DIT}},
    "start_appraisal": {"forwarded": {DIT}},
    "conclude_appraisal": {"under_appraisal": {DIT}},
    "approve": {"appraised": {L}},
    "start": {"approved": {DIT}},
    "accept": {"in_progress": {DIT}},
    "settle": {"accepted": {FIN}},
    # A proposal an earlier level left in "submitted" can still be withdrawn.
    "withdraw": {"draft": {F}, "submitted": {F}, "returned": {F}, "forwarded": {F}},
    "cancel": {"approved": {L}, "in_progress": {L}},
    "return": {},
    "forward": {},
}
EXPECTED_FROM = {
    "draft": ["submit", "withdraw"],
    "submitted": ["withdraw"],
    "returned": ["submit", "withdraw"],
    "forwarded": ["reject", "request_info", "start_appraisal", "withdraw"],
    "under_appraisal": ["conclude_appraisal", "request_info"],
    "appraised": ["approve", "reject"],
    "approved": ["cancel", "start"],
    "in_progress": ["accept", "cancel"],
    "accepted": ["settle"],
    "rejected": [],
    "settled": [],
    "withdrawn": [],
    "cancelled": [],
}
ALL_STATES = list(EXPECTED_FROM)
ALL_ROLES = ["facility", "district", "dit", "leader", "council", "finance", "admin"]
PERSONAS = ["facility", "facility_other", "district", "district_other", "dit", "leader",
            "council", "finance", "admin"]  # fmt: skip


@pytest.fixture(autouse=True)
def _no_intermediate_level(settings):
    settings.INTERMEDIATE_LEVEL = "none"


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_the_table_allows_exactly_the_hand_written_roles(action):
    wrong = [
        (state, role)
        for state in ALL_STATES
        for role in ALL_ROLES
        if role_may(role, action, state) != (role in EXPECTED[action].get(state, set()))
    ]
    assert wrong == []


@pytest.mark.parametrize("state", ALL_STATES)
def test_the_actions_from_each_state_are_the_hand_written_ones(state):
    assert sorted(t.action for t in actions_from(state)) == EXPECTED_FROM[state]


def test_submit_leads_straight_to_the_dit():
    (submit,) = [t for t in actions_from("draft") if t.action == "submit"]
    assert submit.target == "forwarded"


@pytest.fixture
def one_per_state(world: Any) -> dict[str, Any]:
    owner = world.users["facility"].facility
    return {state: proposal_in(state, facility=owner) for state in ALL_STATES}


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_the_permission_function_allows_exactly_the_hand_written_personas(
    world, one_per_state, action
):
    wrong = []
    for state in ALL_STATES:
        for persona in PERSONAS:
            allowed, _reason = can_take(world.users[persona], one_per_state[state], action)
            want = not persona.endswith("_other") and persona in EXPECTED[action].get(state, set())
            if allowed != want:
                wrong.append((state, persona, allowed))
    assert wrong == []


def test_the_intermediate_actions_do_not_exist(world, one_per_state):
    officer = world.users["district"]
    for action in ("return", "forward"):
        assert can_take(officer, one_per_state["submitted"], action) == (
            False,
            "Thao tác không tồn tại.",
        )


def test_a_submission_goes_to_the_dit_and_records_the_locality_and_level(
    world, django_capture_on_commit_callbacks
):
    owner = world.users["facility"]
    proposal = complete_draft(owner)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_submit(actor=owner, proposal=proposal)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.review_level) == ("forwarded", "none")
    assert proposal.locality == world.l1
    row = AuditLog.objects.for_object(proposal).get(action="proposal.submit")
    assert (row.before["state"], row.after["state"]) == ("draft", "forwarded")
    # The DIT is told; the commune officer is not (it has nothing to do).
    assert Notification.objects.filter(recipient=world.users["dit"]).exists()
    assert not Notification.objects.filter(recipient=world.users["district"]).exists()
    assert any(world.users["dit"].email in m.to for m in mail.outbox)
    assert current_step(proposal.state) == "Sở Công Thương tiếp nhận hồ sơ"


def test_the_dit_intake_deadline_runs_from_the_submission(world):
    owner = world.users["facility"]
    proposal = proposal_submit(actor=owner, proposal=complete_draft(owner))
    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    Proposal.objects.filter(pk=proposal.pk).update(
        state_changed_at=dt.datetime(2026, 12, 1, 9, 0, tzinfo=vn)
    )
    proposal.refresh_from_db()
    deadline = DeadlineCalendar(today=dt.date(2026, 12, 2)).for_proposal(proposal)
    # DIT intake: 10 working days after Tuesday 1/12/2026 (no day off in between).
    assert deadline is not None and deadline.due == dt.date(2026, 12, 15)


def test_the_page_offers_the_dit_the_intake_actions_and_the_officer_nothing(
    client, world, one_per_state
):
    proposal = one_per_state["forwarded"]
    client.force_login(world.users["dit"])
    html = client.get(reverse("proposals:proposal_detail", args=[proposal.pk])).content.decode()
    assert "Đưa ra hội đồng thẩm định" in html
    client.force_login(world.users["district"])
    response = client.post(
        reverse("proposals:proposal_act", args=[one_per_state["submitted"].pk, "forward"]),
        {"forward-opinion": "Đồng ý", "forward-priority": "1"},
    )
    one_per_state["submitted"].refresh_from_db()
    assert (response.status_code, one_per_state["submitted"].state) == (403, "submitted")


def test_the_dit_intake_page_says_facilities_submit_directly(client, world):
    client.force_login(world.users["dit"])
    html = client.get(reverse("proposals:dit_intake")).content.decode()
    assert "Tiếp nhận đề án cơ sở nộp" in html


def test_a_local_officer_has_no_inbox_to_wait_on(client, world):
    client.force_login(world.users["district"])
    html = client.get(reverse("home"), follow=True).content.decode()
    links = set(re.findall(r'href="([^"]+)"', html))
    assert reverse("proposals:district_inbox") not in links
    assert reverse("proposals:facility_pending") not in links
    assert reverse("proposals:district_forwarded") in links  # the history stays readable


def test_no_committee_list_holds_a_proposal_submitted_straight_to_the_dit(world):
    from reports.documents import DocumentError, render
    from tests.factories import ProposalFactory

    locality = world.l1
    ProposalFactory(
        facility=world.users["facility"].facility,
        locality=locality,
        state="forwarded",
        plan_year=2027,
        review_level="none",
    )
    with pytest.raises(
        DocumentError, match="^Đề án năm 2027 được nộp thẳng Sở Công Thương, không qua UBND"
    ):
        render("district-list", {"locality": locality.pk, "year": 2027}, "pdf")
    # A year reviewed by the committee before the change still prints its list.
    ProposalFactory(
        facility=world.users["facility"].facility,
        locality=locality,
        state="forwarded",
        plan_year=2025,
        review_level="district",
        code="KC-2025-0007",
    )
    rendered = render("district-list", {"locality": locality.pk, "year": 2025}, "xlsx")
    assert rendered.filename.endswith("-2025.xlsx")
