"""Login, throttling, password change and password reset, through the real URLs."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, DitFactory

pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_it_logs_in_with_the_right_password_and_goes_home():
    DitFactory(username="dit")
    client = Client()
    response = login(client, "dit", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert SESSION_KEY in client.session


def test_it_refuses_a_wrong_password_in_vietnamese():
    DitFactory(username="dit")
    client = Client()
    response = login(client, "dit", "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert SESSION_KEY not in client.session


def test_it_tells_a_deactivated_staff_account_why():
    DitFactory(username="dit", is_active=False)
    response = login(Client(), "dit", PASSWORD)
    assert response.status_code == 200
    assert "Tài khoản này chưa được kích hoạt." in response.content.decode()


def test_it_locks_login_after_repeated_failures_even_with_the_right_password(settings):
    DitFactory(username="dit")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "dit", "sai-mat-khau").status_code == 200
    # The failure that reaches the limit is answered with the lockout page already.
    assert login(client, "dit", "sai-mat-khau").status_code == 429

    response = login(client, "dit", PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Tạm khóa đăng nhập" in body
    assert "Bạn đã nhập sai mật khẩu quá nhiều lần" in body
    assert "15 phút" in body
    assert SESSION_KEY not in client.session


def test_the_lockout_holds_only_for_that_username(settings):
    DitFactory(username="dit")
    DitFactory(username="dit2")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "dit", "sai-mat-khau")
    assert login(client, "dit2", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_failure_count(settings):
    DitFactory(username="dit")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "dit", "sai-mat-khau")
    assert login(client, "dit", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "dit", "sai-mat-khau").status_code == 200
    assert login(client, "dit", PASSWORD).status_code == 302


def test_logout_is_post_only_and_ends_the_session():
    user = DitFactory(username="dit")
    client = Client()
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_it_changes_the_password():
    user = DitFactory(username="dit")
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mot-mat-khau-moi-2027",
            "new_password2": "Mot-mat-khau-moi-2027",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("Mot-mat-khau-moi-2027")


def test_password_change_requires_the_old_password():
    user = DitFactory(username="dit")
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "khong-dung",
            "new_password1": "Mot-mat-khau-moi-2027",
            "new_password2": "Mot-mat-khau-moi-2027",
        },
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize("weak", ["12345678901", "password123", "abc"])
def test_password_change_refuses_a_weak_password(weak):
    user = DitFactory(username="dit")
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def _reset_link(client: Client, email: str) -> str:
    response = client.post(reverse("password_reset"), {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [email]
    assert "Đặt lại mật khẩu cổng khuyến công" in message.subject
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset_mails_a_link_that_sets_a_new_password():
    user = DitFactory(username="dit", email="dit@example.vn")
    client = Client()
    link = _reset_link(client, "dit@example.vn")

    # Django swaps the token for a session marker and redirects to the form.
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    assert client.get(form_url).status_code == 200
    response = client.post(
        form_url,
        {"new_password1": "Mat-khau-dat-lai-2027", "new_password2": "Mat-khau-dat-lai-2027"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Mat-khau-dat-lai-2027")
    assert login(Client(), "dit", "Mat-khau-dat-lai-2027").status_code == 302

    # The link works once.
    response = client.get(link, follow=True)
    assert "Liên kết đặt lại mật khẩu không hợp lệ" in response.content.decode()


def test_password_reset_refuses_a_weak_password():
    user = DitFactory(username="dit", email="dit@example.vn")
    client = Client()
    form_url = client.get(_reset_link(client, "dit@example.vn"))["Location"]
    response = client.post(form_url, {"new_password1": "123456", "new_password2": "123456"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_reset_does_not_reveal_unknown_addresses():
    response = Client().post(reverse("password_reset"), {"email": "ai-do@example.vn"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
