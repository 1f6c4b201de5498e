"""The layers are a contract: an import that points outwards fails the suite (issue 15).

``lint-imports`` reads ``[tool.importlinter]`` in pyproject.toml, the same run as ``.ci/run``.
The planted cases run it on a copy of the four packages with one bad module added, so they
prove the contract catches what it is meant to catch, without touching the working tree.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("khuyencong", "proposals", "budgets", "reports")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_no_import_points_outwards():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("house")
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            root / package,
            ignore=lambda _d, names: [n for n in names if not n.endswith(".py") and "." in n],
        )
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


@pytest.mark.parametrize(
    ("module", "source", "message"),
    [
        (
            "khuyencong/lib/planted.py",
            "from proposals.models import Facility\n",
            "khuyencong is not allowed to import proposals",
        ),
        (
            "khuyencong/planted_home.py",
            "from reports.selectors import latest_snapshot\n",
            "khuyencong is not allowed to import reports",
        ),
        (
            "khuyencong/catalogue/planted.py",
            "from budgets.models import Allocation\n",
            "khuyencong is not allowed to import budgets",
        ),
        (
            "proposals/planted.py",
            "from reports.permissions import can_build\n",
            "proposals is not allowed to import reports",
        ),
        (
            "proposals/monitoring/planted.py",
            "from budgets.models import Disbursement\n",
            "proposals is not allowed to import budgets",
        ),
        (
            "budgets/planted.py",
            "from reports.models import PlanRun\n",
            "budgets is not allowed to import reports",
        ),
        (
            "khuyencong/lib/planted_rules.py",
            "from khuyencong.catalogue.models import SupportRule\n",
            "khuyencong.lib is not allowed to import khuyencong.catalogue",
        ),
    ],
)
def test_an_outward_import_breaks_the_contract(tree, module, source, message):
    planted = tree / module
    planted.write_text(source)
    try:
        result = lint_imports(tree)
    finally:
        planted.unlink()
    assert result.returncode == 1, result.stdout + result.stderr
    assert message in result.stdout
    assert f"{module[:-3].replace('/', '.')} ->" in result.stdout


def test_a_core_module_outside_the_listed_layers_breaks_the_contract(tree):
    planted = tree / "khuyencong" / "unplaced.py"
    planted.write_text("")
    try:
        result = lint_imports(tree)
    finally:
        planted.unlink()
    assert result.returncode == 1
    assert "- khuyencong.unplaced" in result.stdout


def test_the_seeders_may_import_every_app(tree):
    planted = tree / "khuyencong" / "seed" / "planted.py"
    planted.write_text("from reports.models import PlanRun\nfrom budgets import services\n")
    try:
        result = lint_imports(tree)
    finally:
        planted.unlink()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout
