"""Every date taken from an aware datetime is the local (Asia/Ho_Chi_Minh) day.

``aware.date()`` gives the day in the datetime's own zone: UTC for every value read from the
database, so a dossier submitted at 00:30 on 1 January (local) would be dated 31 December. The
code must go through ``timezone.localdate(...)`` (or ``localtime(...).date()``).
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from reports.documents import render
from tests.factories_reports import plan_dataset
from tests.reports.conftest import pdf_text

BASE_DIR = Path(__file__).resolve().parents[2]
APPS = ("khuyencong", "proposals", "budgets", "reports")
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def _is_aware_value(node: ast.expr) -> bool:
    """An expression that holds an aware datetime: ``timezone.now()``, ``x.submitted_at``..."""
    if isinstance(node, ast.Call):
        name = ast.unparse(node.func)
        return name.endswith(("timezone.now", "datetime.now", "utcnow")) or name == "now"
    if isinstance(node, ast.Attribute):
        return node.attr.endswith("_at") or node.attr == "now"
    if isinstance(node, ast.Name):
        return node.id.endswith("_at") or node.id == "now"
    if isinstance(node, ast.BoolOp | ast.IfExp):
        return any(_is_aware_value(child) for child in ast.iter_child_nodes(node))
    return False


def offences(source: str) -> list[str]:
    """``.date()`` on an aware value, and ``date.today()`` (the server's day, not the
    province's)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr == "date" and not node.args and _is_aware_value(node.func.value):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
        if node.func.attr == "today" and ast.unparse(node.func.value).endswith("date"):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_the_scan_catches_the_ways_a_utc_day_slips_in():
    bad = (
        "a = timezone.now().date()\n"
        "b = proposal.submitted_at.date()\n"
        "c = (p.submitted_at or p.created_at).date()\n"
        "d = dt.date.today()\n"
        "e = now.date()\n"
    )
    assert [line.split(":")[0] for line in offences(bad)] == ["1", "2", "3", "4", "5"]
    good = (
        "a = timezone.localdate()\n"
        "b = timezone.localdate(proposal.submitted_at)\n"
        "c = timezone.localtime(p.created_at).date()\n"
        "d = dt.datetime.strptime(text, '%d/%m/%Y').date()\n"
        "e = cell.value.date()\n"
    )
    assert offences(good) == []


def test_no_module_takes_a_utc_day_from_an_aware_datetime():
    found = {}
    for app in APPS:
        for path in sorted((BASE_DIR / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            bad = offences(path.read_text(encoding="utf-8"))
            if bad:
                found[str(path.relative_to(BASE_DIR))] = bad
    assert found == {}, "use timezone.localdate(value) instead"


@pytest.mark.django_db
def test_a_dossier_submitted_at_half_past_midnight_on_new_year_is_dated_1_january(world):
    proposal = plan_dataset(world)["p1"]
    # 00:30 on 1 January 2026 in Vĩnh Long is 17:30 on 31 December 2025 in UTC.
    submitted = dt.datetime(2026, 1, 1, 0, 30, tzinfo=LOCAL)
    type(proposal).objects.filter(pk=proposal.pk).update(submitted_at=submitted)
    text = pdf_text(render("dossier", {"proposal": proposal.pk}, "pdf").content)
    assert "ngày 01 tháng 01 năm 2026" in text
    assert "năm 2025" not in text
