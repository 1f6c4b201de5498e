"""The README's quick start stays true: demo logins, password and configuration variables."""

from __future__ import annotations

from pathlib import Path

from khuyencong.seed import demo
from tests.khuyencong.test_deployment import settings_variables

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_the_readme_lists_every_demo_login_and_the_shared_password():
    usernames = [spec["key"] for spec in demo.FACILITIES] + [row[0] for row in demo.STAFF]
    for username in usernames:
        assert f"`{username}`" in README, username
    assert f"`{demo.DEMO_PASSWORD}`" in README


def test_the_readme_quick_start_is_the_two_commands():
    quick_start = README.split("## Quick start", 1)[1].split("###", 1)[0]
    assert "make run" in quick_start and "make test" in quick_start


def test_the_readme_documents_every_configuration_variable():
    for name in settings_variables():
        assert f"`{name}`" in README, name


def test_the_readme_layout_names_folders_that_exist_and_every_app():
    layout = README.split("## Project layout", 1)[1].split("## ", 1)[0]
    tree = layout.split("```", 4)[3]
    root = Path(__file__).resolve().parents[2]
    top, parent = [], None
    for line in tree.splitlines():
        name = line.split(" ", 1)[0] if not line.startswith("  ") else line.split()[0]
        if not name.endswith("/"):
            continue
        if line.startswith("  "):
            path = root / parent / name
        else:
            parent = name
            path = root / name
            top.append(name)
        assert path.is_dir(), path
    assert {"khuyencong/", "proposals/", "budgets/", "reports/"} <= set(top)
    for sub in ("catalogue/", "seed/", "monitoring/"):
        assert f"  {sub}" in tree
