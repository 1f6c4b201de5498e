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
