"""CSRF is enforced on every URL of the permission matrix (issue 8): a forged POST, without
the token, is refused with 403 before any view runs, whether the URL is POST-only or a form
page that answers GET and POST."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from khuyencong.models import AuditLog
from tests.matrix import PERSONAS, all_cases

# One case per URL name (its first row), so that GET form pages are forged too.
POST_CASES = list({case.url_name: case for case in reversed(all_cases())}.values())


def _persona(case) -> str:
    # The persona the URL lets through (the real target of a forged request), else a user.
    for persona in PERSONAS:
        if case.expect[persona] in (200, 302, 400) and persona != "anon":
            return persona
    return "facility"


def test_every_url_is_forged():
    assert {case.url_name for case in POST_CASES} == {case.url_name for case in all_cases()}


@pytest.mark.django_db
@pytest.mark.parametrize("case", POST_CASES, ids=lambda c: c.id)
def test_a_post_without_a_token_is_refused(world, case):
    client = Client(enforce_csrf_checks=True)
    persona = _persona(case)
    client.force_login(world.users[persona])
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    rows = AuditLog.objects.count()
    data = case.data(world) if case.method == "post" else {}
    response = client.post(url, data)
    assert response.status_code == 403, f"{case.id} as {persona}: {response.status_code}"
    assert AuditLog.objects.count() == rows
