"""Each demo role logs in through the real login form and lands on its own dashboard."""

from __future__ import annotations

import pytest
from django.urls import reverse

from khuyencong.seed import demo
from tests.e2e.conftest import axe_violations, login, screenshot

ROLES = ["facility1", "district1", "dit1", "ditlead1", "council1", "finance1", "admin"]


@pytest.mark.parametrize("username", ROLES)
def test_each_role_lands_on_its_dashboard_without_accessibility_violations(page, people, username):
    login(page, username, demo.DEMO_PASSWORD)
    # Finance's dashboard is the budget home.
    home = reverse("budgets:home") if username == "finance1" else reverse("dashboard")
    assert page.url.endswith(home)
    assert page.locator("h1").first.is_visible()
    assert people[username].get_role_display() in page.content()
    screenshot(page, f"dashboard-{username}")
    assert axe_violations(page) == []


def test_the_public_pages_have_no_accessibility_violations(page, transactional_db):
    for path in ["/", "/accounts/login/", "/register/"]:
        page.goto(f"{page.base_url}{path}")
        assert axe_violations(page) == [], path
    screenshot(page, "register")


def test_a_wrong_password_is_refused_with_a_vietnamese_message(page, people):
    login(page, "dit1", "wrong-password")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.content()
