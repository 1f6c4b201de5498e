"""Every audit action the code writes has a Vietnamese name, shown on every journal."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from khuyencong.audit_labels import LABELS, action_label
from proposals.workflow import TRANSITIONS

ROOT = Path(__file__).resolve().parents[2]
APPS = ("khuyencong", "proposals", "budgets", "reports")
# The two places that build the action from a variable, and what they expand to.
TEMPLATES = {
    "proposal.{action}": [f"proposal.{name}" for name in TRANSITIONS],
    "{action}.{'confirm' if confirm else 'refuse'}": [
        f"{what}.{how}" for what in ("allocation", "disbursement") for how in ("confirm", "refuse")
    ],
}


def _written_actions() -> dict[str, str]:
    """Every action passed to ``audit.record`` or ``audit.record_created``, with where."""
    found: dict[str, str] = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("record", "record_created")
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "audit"
                ):
                    continue
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                action = next((k.value for k in node.keywords if k.arg == "action"), None)
                if isinstance(action, ast.Constant):
                    found[action.value] = where
                    continue
                source = ast.get_source_segment(path.read_text(), action) if action else None
                template = source[2:-1] if source and source.startswith('f"') else None
                assert template in TEMPLATES, f"{where}: an action the test cannot read"
                found.update({name: where for name in TEMPLATES[template]})
    return found


def test_the_scan_finds_the_actions_of_every_area():
    actions = _written_actions()
    for expected in (
        "proposal.create",
        "proposal.submit",
        "scoresheet.submit",
        "proposal.progress_report",
        "allocation.confirm",
        "settlement.confirm",
        "document.request",
    ):
        assert expected in actions


@pytest.mark.parametrize(("action", "where"), sorted(_written_actions().items()))
def test_every_written_action_has_a_vietnamese_label(action, where):
    with translation.override("vi"):
        label = action_label(action)
    assert label != action, f"{action} ({where}) has no name in khuyencong/audit_labels.py"


def test_no_label_is_left_for_an_action_nobody_writes():
    assert set(LABELS) <= set(_written_actions())


def test_the_timeline_template_shows_the_label():
    html = Template("{% load portal %}{{ a|audit_label }}").render(
        Context({"a": "proposal.progress_report"})
    )
    assert html == "Báo cáo tiến độ"


def test_the_money_journal_and_the_audit_log_show_names_not_codes(client, world):
    from django.urls import reverse

    from khuyencong import audit

    audit.record(actor=world.users["dit"], action="proposal.approve", note="duyệt")
    client.force_login(world.users["leader"])
    body = client.get(reverse("audit_log")).content.decode()
    assert "<td>Phê duyệt</td>" in body
    assert "<code>proposal.approve</code>" not in body


def test_the_money_journal_of_a_proposal_names_its_actions(client, world):
    from django.urls import reverse

    from tests.factories_budget import AllocationFactory

    allocation = AllocationFactory(proposal__facility=world.users["facility"].facility)
    from khuyencong import audit

    audit.record(actor=world.users["finance"], action="allocation.confirm", obj=allocation)
    client.force_login(world.users["dit"])
    body = client.get(reverse("budgets:money_history", args=[allocation.proposal_id])).content
    assert "<strong>Sở Tài chính xác nhận phân bổ</strong>" in body.decode()


def test_state_badges_tell_the_stages_apart(client, world):
    from django.urls import reverse

    from tests.factories import ProposalFactory

    owner = world.users["facility"]
    for state in ("draft", "returned", "submitted", "approved", "settled", "rejected"):
        ProposalFactory(facility=owner.facility, created_by=owner, state=state)
    client.force_login(owner)
    page = client.get(reverse("proposals:my_proposals")).content.decode()
    expected = {
        "draft": "secondary",
        "returned": "warning",
        "submitted": "info",
        "approved": "primary",
        "settled": "success",
        "rejected": "danger",
    }
    for state, variant in expected.items():
        assert f'class="badge text-bg-{variant} state-badge" data-state="{state}"' in page
