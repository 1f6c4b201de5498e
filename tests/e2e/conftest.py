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
def _seed_snapshot(django_db_setup, django_db_blocker) -> Iterator[str | None]:
    """The seeded rows as serialized when the test database was created.

    Taken before Playwright starts: its sync API switches greenlets, and Django then hands the
    test code another connection object, one without the snapshot, so the serialized rollback
    of transactional tests would silently restore nothing.
    """
    from django.db import connection

    snapshot = getattr(connection, "_test_serialized_contents", None)
    yield snapshot
    # The last transactional test flushed the database. The seeded rows are put back, so a
    # test database kept for the next run (--reuse-db) does not start it empty: Django would
    # then serialize nothing, and every browser test would fail on a missing locality.
    if snapshot:
        from khuyencong.models import Locality

        with django_db_blocker.unblock():
            if not Locality.objects.exists():  # flushed (not when no browser test ran)
                connection.creation.deserialize_db_from_string(snapshot)


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


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def open_page(browser, live_server, _seed_snapshot, transactional_db):
    """Open a page in a new browser context: ``open_page(locale="en-US", viewport=...)``.

    Every context runs under the portal's own Content-Security-Policy, as production serves
    it (no ``bypass_csp``), and is watched: any console error, page error or failed asset of
    any of its pages fails the test when it ends (browser_errors.py).
    """
    from django.db import connection

    if _seed_snapshot and not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = _seed_snapshot
        connection.creation.deserialize_db_from_string(_seed_snapshot)
    opened: list[tuple[object, list[str]]] = []

    def open_(locale: str = "vi-VN", viewport: dict[str, int] | None = None):
        context = browser.new_context(locale=locale, viewport=viewport or DESKTOP)
        errors = watch(context)
        # Generous: a PDF render on a busy two-core CI machine once took longer than 15 s. A
        # genuine failure still fails, only later.
        context.set_default_timeout(45_000)
        opened.append((context, errors))
        page = context.new_page()
        page.base_url = live_server.url
        return page

    yield open_
    for context, _errors in opened:
        context.close()
    reported = [error for _context, errors in opened for error in errors]
    assert reported == [], "the browser reported errors"


@pytest.fixture
def page(open_page):
    """A Vietnamese browser at 1280 × 900 under the production CSP, watched for errors."""
    return open_page()


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1280px", "390px"])
def strict_page(request, open_page):
    """The same page twice: at 1280 × 900 and on a 390 × 844 phone."""
    return open_page(viewport=request.param)


@pytest.fixture
def phone(open_page):
    """A Vietnamese browser on a 390 × 844 phone, under the production CSP, watched."""
    return open_page(viewport=PHONE)


@pytest.fixture
def people(transactional_db):
    """The demo's users (``demo.load_core``), by username."""
    from khuyencong.seed import demo

    return demo.load_core()


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
    """axe-core's serious and critical violations on the page as it is now.

    axe is evaluated through the DevTools protocol rather than added as a script tag: the
    portal's CSP (rightly) refuses inline scripts, and the page keeps running under it.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
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
