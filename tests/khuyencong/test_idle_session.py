"""Issue 14 item 7: the session row is written when the idle deadline moves by a minute or more,
not on every request; an idle session still expires."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _session_updates(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(
        1
        for q in queries.captured_queries
        if q["sql"].startswith("UPDATE") and '"django_session"' in q["sql"]
    )


def test_requests_within_a_minute_of_the_login_do_not_write_the_session(world):
    client = Client()
    client.force_login(world.users["dit"])
    url = reverse("notifications")
    # Logging in saved the session and stamped its deadline.
    assert _session_updates(client, url) == 0
    assert _session_updates(client, url) == 0
    assert _session_updates(client, url) == 0


def test_a_request_a_minute_later_moves_the_deadline(world, monkeypatch):
    # The middleware's clock is pinned: on a slow machine a second may pass between the login
    # and the request, which would turn 59 seconds into 60.
    clock = {"now": 1_800_000_000}
    monkeypatch.setattr("khuyencong.middleware._now", lambda: clock["now"])
    client = Client()
    client.force_login(world.users["dit"])
    url = reverse("notifications")
    client.get(url)
    key = client.session.session_key
    clock["now"] += 59  # 59 seconds after the login stamped the session
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + dt.timedelta(minutes=5))
    assert _session_updates(client, url) == 0
    assert Session.objects.get(pk=key).expire_date < timezone.now() + dt.timedelta(minutes=6)
    clock["now"] += 2  # 61 seconds since the last save
    assert _session_updates(client, url) == 1
    assert Session.objects.get(pk=key).expire_date > timezone.now() + dt.timedelta(
        seconds=settings.SESSION_COOKIE_AGE - 30
    )


def test_an_idle_session_still_expires(world):
    client = Client()
    client.force_login(world.users["dit"])
    client.get(reverse("notifications"))
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("notifications"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_anonymous_visit_creates_no_session(client):
    assert client.get(reverse("login")).status_code == 200
    assert Session.objects.count() == 0


def test_logout_deletes_the_session_instead_of_renewing_it(world):
    client = Client()
    client.force_login(world.users["dit"])
    client.get(reverse("notifications"))
    assert client.post(reverse("logout")).status_code == 302
    assert Session.objects.count() == 0
