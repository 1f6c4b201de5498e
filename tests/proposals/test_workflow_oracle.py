"""The workflow written out by hand: who may take which action from which state.

``EXPECTED`` below is the oracle: it is typed from DESIGN.md section 5, not read from
``proposals/workflow.py``, so a wrong entry in ``TRANSITIONS`` (a leader approving a forwarded
proposal, a facility withdrawing during appraisal) makes these tests fail instead of
confirming itself. Every action × every state × every role is checked, refusals included,
through the real permission function (``can_take``) that services and views call, and a sample
through the real POST of the page.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from khuyencong.models import Role
from proposals.models import State
from proposals.permissions import can_edit, can_take
from proposals.workflow import TRANSITIONS, actions_from, role_may
from tests.factories_review import proposal_in

F, D, DIT, L, FIN = "facility", "district", "dit", "leader", "finance"

# action -> {state the action may start from: the roles that may take it there}.
# Any (action, state, role) not listed here must be refused.
EXPECTED: dict[str, dict[str, set[str]]] = {
    "submit": {"draft": {F}, "returned": {F}},
    "return": {"submitted": {D}},
    "forward": {"submitted": {D}},
    "reject": {"submitted": {D}, "forwarded": {DIT}, "appraised": {L}},
    "request_info": {"forwarded": {DIT}, "under_appraisal": {DIT}},
    "start_appraisal": {"forwarded": {DIT}},
    "conclude_appraisal": {"under_appraisal": {DIT}},
    "approve": {"appraised": {L}},
    "start": {"approved": {DIT}},
    "accept": {"in_progress": {DIT}},
    "settle": {"accepted": {FIN}},
    "withdraw": {"draft": {F}, "submitted": {F}, "returned": {F}, "forwarded": {F}},
    "cancel": {"approved": {L}, "in_progress": {L}},
}
# Where each action leads, also by hand.
EXPECTED_TARGET = {
    "submit": "submitted",
    "return": "returned",
    "forward": "forwarded",
    "reject": "rejected",
    "request_info": "returned",
    "start_appraisal": "under_appraisal",
    "conclude_appraisal": "appraised",
    "approve": "approved",
    "start": "in_progress",
    "accept": "accepted",
    "settle": "settled",
    "withdraw": "withdrawn",
    "cancel": "cancelled",
}
ALL_STATES = [
    "draft",
    "submitted",
    "returned",
    "forwarded",
    "under_appraisal",
    "appraised",
    "approved",
    "rejected",
    "in_progress",
    "accepted",
    "settled",
    "withdrawn",
    "cancelled",
]
ALL_ROLES = ["facility", "district", "dit", "leader", "council", "finance", "admin"]
# Personas of the ``world`` fixture: the owner and the officer of the proposal's locality, the
# outsiders of the other locality, and one user of every other role.
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


def expected(action: str, state: str, persona: str) -> bool:
    """The oracle for one persona: outsiders of the other locality may never act."""
    if persona.endswith("_other"):
        return False
    return persona in EXPECTED[action].get(state, set())


def test_the_oracle_names_every_action_state_and_role_of_the_portal():
    assert set(EXPECTED) == set(TRANSITIONS)
    assert set(EXPECTED_TARGET) == set(TRANSITIONS)
    assert sorted(ALL_STATES) == sorted(State.values)
    assert sorted(ALL_ROLES) == sorted(Role.values)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_the_table_gives_each_action_its_hand_written_target(action):
    assert str(TRANSITIONS[action].target) == EXPECTED_TARGET[action]


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_the_table_allows_exactly_the_hand_written_roles(action):
    wrong = [
        (state, role, role_may(role, action, state))
        for state in ALL_STATES
        for role in ALL_ROLES
        if role_may(role, action, state) != (role in EXPECTED[action].get(state, set()))
    ]
    assert wrong == [], f"{action}: (state, role, table says allowed) disagreeing with the oracle"


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
            allowed, reason = can_take(world.users[persona], one_per_state[state], action)
            if allowed != expected(action, state, persona):
                wrong.append((state, persona, allowed))
            elif bool(reason) == allowed:
                wrong.append((state, persona, f"allowed={allowed} with reason {reason!r}"))
    assert wrong == [], f"{action}: (state, persona, allowed) disagreeing with the oracle"


# The states each action starts from, by hand: what a page offers on a proposal in that state.
EXPECTED_FROM = {
    "draft": ["submit", "withdraw"],
    "submitted": ["forward", "reject", "return", "withdraw"],
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


@pytest.mark.parametrize("state", ALL_STATES)
def test_the_actions_from_each_state_are_the_hand_written_ones(state):
    assert sorted(t.action for t in actions_from(state)) == EXPECTED_FROM[state]


# Who may edit the proposal's content, by hand: its own facility, while drafting or returned.
EDITABLE_BY_OWNER = {"draft", "returned"}


def test_only_the_owner_edits_and_only_while_drafting_or_returned(world, one_per_state):
    wrong = []
    for state in ALL_STATES:
        for persona in PERSONAS:
            allowed, reason = can_edit(world.users[persona], one_per_state[state])
            if allowed != (persona == "facility" and state in EDITABLE_BY_OWNER):
                wrong.append((state, persona, allowed))
            elif bool(reason) == allowed:
                wrong.append((state, persona, f"allowed={allowed} with reason {reason!r}"))
    assert wrong == []


@pytest.mark.parametrize(
    ("persona", "state", "reason"),
    [
        ("facility_other", "draft", "Chỉ cơ sở lập đề án mới được sửa đề án."),
        ("district", "draft", "Chỉ cơ sở lập đề án mới được sửa đề án."),
        (
            "facility",
            "submitted",
            "Đề án chỉ sửa được khi đang soạn hoặc được trả lại để bổ sung.",
        ),
    ],
)
def test_editing_is_refused_with_the_reason_the_page_shows(
    world, one_per_state, persona, state, reason
):
    assert can_edit(world.users[persona], one_per_state[state]) == (False, reason)


@pytest.mark.parametrize(
    ("persona", "state", "action", "reason"),
    [
        ("facility_other", "draft", "submit", "Đề án không thuộc cơ sở của bạn."),
        ("district_other", "submitted", "forward", "Đề án không thuộc địa bàn của bạn."),
        ("dit", "submitted", "forward", "Vai trò của bạn không được chuyển sở công thương ở bước này."),  # noqa: E501
        ("leader", "forwarded", "approve", "Không thể phê duyệt khi đề án đang ở trạng thái “Đã chuyển Sở Công Thương”."),  # noqa: E501
    ],
)  # fmt: skip
def test_a_refusal_says_why(world, one_per_state, persona, state, action, reason):
    assert can_take(world.users[persona], one_per_state[state], action) == (False, reason)


def test_the_permission_function_refuses_an_unknown_action(world, one_per_state):
    allowed, reason = can_take(world.users["dit"], one_per_state["forwarded"], "publish")
    assert (allowed, reason) == (False, "Thao tác không tồn tại.")


# --- The same answers through the pages -------------------------------------------------

DECISION = {
    "approve-approved_amount": "250.000.000",
    "approve-plan_year": "2027",
    "approve-decision_number": "01/QĐ-SCT",
    "approve-decision_date": "2027-01-15",
}


def _post_act(client: Any, world: Any, persona: str, pk: int, action: str, data: dict) -> Any:
    client.force_login(world.users[persona])
    return client.post(reverse("proposals:proposal_act", args=[pk, action]), data)


@pytest.mark.parametrize(
    ("state", "persona"),
    [
        # The planted bug: approval straight after the district forwarded, without appraisal.
        ("forwarded", "leader"),
        ("under_appraisal", "leader"),
        ("submitted", "leader"),
        ("appraised", "dit"),
        ("appraised", "finance"),
    ],
)
def test_approval_is_refused_outside_the_appraised_state_or_the_leader(
    client, world, one_per_state, state, persona
):
    proposal = one_per_state[state]
    response = _post_act(client, world, persona, proposal.pk, "approve", DECISION)
    proposal.refresh_from_db()
    assert (response.status_code, proposal.state) == (403, state)


@pytest.mark.parametrize(
    "state",
    # The planted bug: withdrawing while the council appraises; and every later state.
    ["under_appraisal", "appraised", "approved", "in_progress", "accepted", "rejected"],
)
def test_the_facility_may_not_withdraw_once_appraisal_has_started(
    client, world, one_per_state, state
):
    proposal = one_per_state[state]
    client.force_login(world.users["facility"])
    response = client.post(
        reverse("proposals:proposal_withdraw", args=[proposal.pk]), {"reason": "Đổi kế hoạch"}
    )
    proposal.refresh_from_db()
    assert (response.status_code, proposal.state) == (403, state)


@pytest.mark.parametrize("state", ["draft", "submitted", "returned", "forwarded"])
def test_the_facility_withdraws_until_the_dit_starts_appraisal(client, world, one_per_state, state):
    proposal = one_per_state[state]
    client.force_login(world.users["facility"])
    response = client.post(
        reverse("proposals:proposal_withdraw", args=[proposal.pk]), {"reason": "Đổi kế hoạch"}
    )
    proposal.refresh_from_db()
    assert (response.status_code, proposal.state) == (302, "withdrawn")


@pytest.mark.parametrize(
    ("action", "state", "persona", "data", "status", "after"),
    [
        ("forward", "submitted", "district", {"forward-opinion": "Đồng ý", "forward-priority": "1"}, 302, "forwarded"),  # noqa: E501
        ("forward", "submitted", "dit", {"forward-opinion": "Đồng ý", "forward-priority": "1"}, 403, "submitted"),  # noqa: E501
        ("forward", "forwarded", "district", {"forward-opinion": "Đồng ý", "forward-priority": "1"}, 403, "forwarded"),  # noqa: E501
        ("return", "submitted", "district", {"return-reason": "Thiếu bản vẽ"}, 302, "returned"),
        ("return", "forwarded", "district", {"return-reason": "Thiếu bản vẽ"}, 403, "forwarded"),
        ("reject", "submitted", "district", {"reject-reason": "Không phù hợp"}, 302, "rejected"),
        ("reject", "forwarded", "dit", {"reject-reason": "Không phù hợp"}, 302, "rejected"),
        ("reject", "forwarded", "district", {"reject-reason": "Không phù hợp"}, 403, "forwarded"),
        ("reject", "appraised", "dit", {"reject-reason": "Không phù hợp"}, 403, "appraised"),
        ("reject", "under_appraisal", "leader", {"reject-reason": "Không phù hợp"}, 403, "under_appraisal"),  # noqa: E501
        ("request_info", "under_appraisal", "dit", {"request_info-reason": "Bổ sung báo giá"}, 302, "returned"),  # noqa: E501
        ("request_info", "appraised", "dit", {"request_info-reason": "Bổ sung báo giá"}, 403, "appraised"),  # noqa: E501
    ],
)  # fmt: skip
def test_a_sample_of_review_posts_answers_as_the_oracle_says(
    client, world, one_per_state, action, state, persona, data, status, after
):
    assert expected(action, state, persona) is (status == 302)
    proposal = one_per_state[state]
    response = _post_act(client, world, persona, proposal.pk, action, data)
    proposal.refresh_from_db()
    assert (response.status_code, proposal.state) == (status, after)
