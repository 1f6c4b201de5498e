"""Vietnamese by default; English through the language switcher (compiled catalogue in locale/)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD


def english_client() -> Client:
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def test_pages_are_vietnamese_by_default(db):
    response = Client().get(reverse("login"))
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Đăng nhập" in body and "Quên mật khẩu?" in body
    # The switcher offers English.
    assert 'name="language" value="en"' in body


def test_the_switcher_turns_the_login_page_english(db):
    body = english_client().get(reverse("login")).content.decode()
    assert '<html lang="en">' in body
    assert "Log in" in body
    assert "Forgot your password?" in body
    assert "Quên mật khẩu?" not in body
    # ... and offers the way back.
    assert 'name="language" value="vi"' in body and "Tiếng Việt" in body


def test_english_registration_page_and_errors(db):
    client = english_client()
    body = client.get(reverse("proposals:register")).content.decode()
    assert "Register a rural industrial facility account" in body
    assert "Tax number" in body
    response = client.post(reverse("proposals:register"), {"tax_code": "01002A3488"})
    body = response.content.decode()
    assert "A tax number contains digits only." in body
    assert "Please correct the errors marked below." in body


@pytest.mark.parametrize(
    ("persona", "text"),
    [
        # The role, as the user menu names it.
        ("facility", "Rural industrial facility"),
        ("district", "Commune / district People&#x27;s Committee officer"),
        ("dit", "DIT specialist"),
        ("finance", "Finance officer"),
    ],
)
def test_english_dashboards(world, persona, text):
    client = english_client()
    client.force_login(world.users[persona])
    body = client.get(reverse("dashboard"), follow=True).content.decode()
    assert text in body
    assert "Notifications" in body and "Log out" in body


def test_english_login_errors_and_lockout(world, settings):
    client = english_client()
    data = {"username": "officer", "password": "wrong-password"}
    assert "Wrong username or password." in client.post(reverse("login"), data).content.decode()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), data)
    assert response.status_code == 429
    assert "locked for 15 minutes" in response.content.decode()
    data["password"] = PASSWORD
    assert "Login temporarily locked" in client.post(reverse("login"), data).content.decode()


def test_the_browser_language_does_not_switch_the_portal_to_english(db):
    body = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get(reverse("login")).content.decode()
    assert '<html lang="vi">' in body
    assert "Quên mật khẩu?" in body
