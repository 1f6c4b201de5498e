"""Issue 18 (7) in a real browser: an official enrols an authenticator app, then signs in with
the password and a token, and with a backup code."""

from __future__ import annotations

import base64

import pytest
from django.urls import reverse
from django_otp.oath import TOTP

from khuyencong.seed import demo
from tests.e2e.conftest import axe_violations, screenshot


def token_from_secret(secret: str) -> str:
    """What an authenticator app shows for the secret typed in by hand."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{TOTP(key).token():06d}"


@pytest.mark.real_second_factor
def test_an_official_enrols_then_signs_in_with_a_token_or_a_backup_code(page, transactional_db):
    demo.load_core()
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", "ditlead1")
    page.fill("input[name=password]", demo.DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/2fa/setup/" in page.url
    assert page.locator("main img[src$='qr.svg']").evaluate("img => img.naturalWidth") > 0
    assert axe_violations(page) == []
    screenshot(page, "otp-setup")

    secret = page.locator("#otp-secret").inner_text()
    page.fill("input[name=token]", "000000")
    page.click("main form button[type=submit]")
    assert "Mã xác thực không đúng" in page.content()
    page.fill("input[name=token]", token_from_secret(secret))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    codes = page.locator("#backup-codes li").all_inner_texts()
    assert len(codes) == 10
    page.click("main a.btn-primary")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(reverse("dashboard"))

    # Sign out and in again: the token page now, passed with a backup code.
    page.context.clear_cookies()
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", "ditlead1")
    page.fill("input[name=password]", demo.DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/2fa/" in page.url and "setup" not in page.url
    screenshot(page, "otp-verify")
    page.fill("input[name=token]", codes[0])
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(reverse("dashboard"))
