"""Every audit action the code writes has a Vietnamese label on the timeline."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from proposals.timeline import OTHER_LABELS, action_label
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
    assert label != action, f"{action} ({where}) has no label in proposals/timeline.py"


def test_no_label_is_left_for_an_action_nobody_writes():
    assert set(OTHER_LABELS) <= set(_written_actions())


def test_the_timeline_template_shows_the_label():
    html = Template("{% load proposal_tags %}{{ a|audit_label }}").render(
        Context({"a": "proposal.progress_report"})
    )
    assert html == "Báo cáo tiến độ"
