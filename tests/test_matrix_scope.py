"""The permission matrix tests every object URL against objects inside AND outside the user's
scope (issue 8), and reports its size for the README."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.urls import URLPattern, URLResolver, get_resolver

from tests.matrix import PERSONAS, all_cases

CASES = all_cases()
# URLs whose argument is not an object a user may or may not see.
NOT_OBJECTS = {"password_reset_confirm"}
ALLOWED = {200, 302, 400}


def _object_urls(patterns: list, namespace: str = "") -> set[str]:
    """Names of the URLs that take an argument (an object's id, mostly)."""
    names: set[str] = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _object_urls(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name and entry.pattern.regex.groupindex:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_object_url_has_rows_inside_and_outside_the_scope():
    objects = _object_urls(get_resolver().url_patterns)
    rows = defaultdict(list)
    for case in CASES:
        if case.url_name in objects:
            rows[case.url_name].append(case)
    assert len(rows) > 40
    missing = {
        name: sorted({status for c in cases for status in c.expect.values()}, key=str)
        for name, cases in rows.items()
        if name not in NOT_OBJECTS
        and not (
            any(NOT_FOUND_OR(c) for c in cases)
            and any(ALLOWED & set(c.expect.values()) for c in cases)
        )
    }
    assert missing == {}, "object URLs without an in-scope and an out-of-scope (404) row"


def NOT_FOUND_OR(case) -> bool:  # noqa: N802 - reads as a predicate in the check above
    return 404 in case.expect.values()


def matrix_figures() -> dict[str, int]:
    outcomes = Counter()
    for case in CASES:
        for persona in PERSONAS:
            expected = case.expect[persona]
            if expected == 404:
                outcomes["out_of_scope_404"] += 1
            elif expected == 403:
                outcomes["forbidden_403"] += 1
            elif expected == "login":
                outcomes["login_redirect"] += 1
            else:
                outcomes["allowed"] += 1
    return {
        "urls": len({c.url_name for c in CASES}),
        "rows": len(CASES),
        "personas": len(PERSONAS),
        "cases": len(CASES) * len(PERSONAS),
        **outcomes,
    }


def test_report_the_matrix_figures():
    figures = matrix_figures()
    print("permission matrix:", figures)
    assert figures["cases"] == sum(
        figures[k] for k in ("out_of_scope_404", "forbidden_403", "login_redirect", "allowed")
    )
    assert figures["out_of_scope_404"] > 200
