"""The browser tests see what users see (issue 19, item 5): every browser context they open is
watched for console errors, page errors and failed assets, and none bypasses the portal's
Content-Security-Policy. A static check of the test sources, so it runs without a browser."""

from __future__ import annotations

import re
from pathlib import Path

E2E = Path(__file__).resolve().parent / "e2e"


def _sources() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(E2E.glob("*.py"))}


def _code(text: str) -> str:
    """The source without comments and docstrings' mentions: only calls count."""
    text = re.sub(r'"""[\s\S]*?"""', "", text)
    return re.sub(r"#[^\n]*", "", text)


def test_the_e2e_sources_are_found():
    assert {"conftest.py", "browser_errors.py", "test_journey.py"} <= set(_sources())


def test_no_browser_test_bypasses_the_csp():
    offenders = [name for name, text in _sources().items() if "bypass_csp" in _code(text)]
    assert offenders == []


def test_every_browser_context_is_watched():
    unwatched = []
    for name, text in _sources().items():
        code = _code(text)
        opened = len(re.findall(r"\.new_context\(", code))
        watched = len(re.findall(r"\bwatch\(", code))
        # browser.new_page() opens a context of its own, which nothing would watch.
        if re.search(r"\bbrowser\.new_page\(", code) or watched < opened:
            unwatched.append(name)
    assert unwatched == []


def test_the_shared_fixture_fails_on_any_reported_error():
    conftest = _code(_sources()["conftest.py"])
    assert "errors = watch(context)" in conftest
    assert 'assert reported == [], "the browser reported errors"' in conftest
