"""Issue 14 item 4: the shared dashboard entry is recomputed by one worker at a time; the
others serve the stale entry meanwhile."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from proposals.models import State
from reports import dashboards
from tests.factories_review import proposal_in

pytestmark = pytest.mark.django_db


def test_a_stale_entry_is_served_while_another_worker_holds_the_lock(world):
    user = world.users["dit"]
    year = timezone.localdate().year
    proposal_in(State.FORWARDED, facility=world.users["facility"].facility)
    first = dashboards.cached_dashboard_context(user, year)
    assert first["waiting_count"] == 1
    proposal_in(State.FORWARDED, facility=world.users["facility"].facility)  # now stale
    # Another worker is recomputing:
    assert cache.add(dashboards.cache_key(user, year) + ":lock", 1, 30)
    with CaptureQueriesContext(connection) as captured:
        served = dashboards.cached_dashboard_context(user, year)
    assert served["waiting_count"] == 1  # the stale figures, not a second scan
    assert len(captured.captured_queries) <= 2  # the version: latest change (+ data version)
    cache.delete(dashboards.cache_key(user, year) + ":lock")
    assert dashboards.cached_dashboard_context(user, year)["waiting_count"] == 2


def test_the_recomputing_worker_releases_its_lock(world):
    user = world.users["leader"]
    year = timezone.localdate().year
    proposal_in(State.APPRAISED, facility=world.users["facility"].facility)
    assert dashboards.cached_dashboard_context(user, year)["waiting_count"] == 1
    assert cache.get(dashboards.cache_key(user, year) + ":lock") is None
    assert cache.get(dashboards.cache_key(user, year))["context"]["waiting_count"] == 1


def test_a_cold_cache_with_the_lock_taken_still_answers(world):
    user = world.users["dit"]
    year = timezone.localdate().year
    proposal_in(State.FORWARDED, facility=world.users["facility"].facility)
    assert cache.add(dashboards.cache_key(user, year) + ":lock", 1, 30)
    assert dashboards.cached_dashboard_context(user, year)["waiting_count"] == 1


def test_the_entry_is_shared_by_every_dit_specialist(world):
    from tests.factories import DitFactory

    year = timezone.localdate().year
    proposal_in(State.FORWARDED, facility=world.users["facility"].facility)
    dashboards.cached_dashboard_context(world.users["dit"], year)
    colleague = DitFactory(username="dit2")
    with CaptureQueriesContext(connection) as captured:
        context = dashboards.cached_dashboard_context(colleague, year)
    assert context["waiting_count"] == 1
    assert len(captured.captured_queries) <= 2
