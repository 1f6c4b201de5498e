"""Real-browser tests: Playwright for Python driving Debian's Chromium against a live server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.browser_errors import watch

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", "test-artifacts")) / "screenshots"
AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there (factories, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def _seed_snapshot(django_db_setup, django_db_blocker) -> str | None:
    """The seeded rows as serialized when the test database was created.

    Taken before Playwright starts: its sync API switches greenlets, and Django then hands the
    test code another connection object, one without the snapshot, so the serialized rollback
    of transactional tests would silently restore nothing.
    """
    from django.db import connection

    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture(scope="session")
def browser(_seed_snapshot) -> Iterator[object]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, _seed_snapshot, transactional_db):
    from django.db import connection

    if _seed_snapshot and not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = _seed_snapshot
        connection.creation.deserialize_db_from_string(_seed_snapshot)
    # bypass_csp only so the test can inject axe-core; the portal's own pages run under CSP.
    context = browser.new_context(
        locale="vi-VN", bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    errors = watch(context)
    # Generous: a PDF render on a busy two-core CI machine once took longer than 15 s. A
    # genuine failure still fails, only later.
    context.set_default_timeout(45_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()
    assert errors == [], "the browser reported errors"


def login(page, username: str, password: str) -> None:
    """Sign in; officials also pass the second factor (enrolling first if they have no
    device), with the token computed from the device's key as an authenticator app would."""
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/accounts/2fa/" in page.url:
        second_factor(page, username)


def second_factor(page, username: str) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from khuyencong.two_factor import totp_now

    enrolling = "/accounts/2fa/setup/" in page.url
    device = TOTPDevice.objects.filter(user__username=username, confirmed=not enrolling).last()
    # One token per 30-second step: a second sign-in within the step would be refused.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    device.refresh_from_db()
    page.fill("input[name=token]", totp_now(device))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    if enrolling:  # the backup codes, shown once
        page.click("main a.btn-primary")
        page.wait_for_load_state("networkidle")


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]
