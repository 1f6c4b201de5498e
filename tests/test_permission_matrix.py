"""URL × persona × expected status, for every URL the project resolves."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix import PERSONAS, all_cases

CASES = all_cases()


def _names(patterns: list, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin":
                names.add("admin:index")  # the admin site answers as one: admins only
                continue
            names |= _names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
        elif isinstance(entry, URLPattern):
            raise AssertionError(f"URL pattern {entry.pattern} has no name")
    return names


def test_every_url_is_covered():
    resolved = _names(get_resolver().url_patterns)
    covered = {case.url_name for case in CASES}
    assert resolved - covered == set(), "URLs missing from the permission matrix"
    assert covered - resolved == set(), "matrix rows for URLs that no longer exist"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_permission_matrix(world, case, persona):
    client = Client()
    if persona != "anon":
        client.force_login(world.users[persona])
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    response = getattr(client, case.method)(url, case.data(world))
    expected = case.expect[persona]
    if expected == "login":
        assert response.status_code == 302, response
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    else:
        assert response.status_code == expected, (
            f"{case.id} as {persona}: {response.status_code}, expected {expected}"
        )
