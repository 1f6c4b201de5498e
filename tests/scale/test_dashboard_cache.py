"""The DIT and leader dashboards are cached, and a state change shows at once."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from proposals.models import State
from tests.factories_review import proposal_in


def test_the_dit_dashboard_is_served_from_cache_until_a_state_changes(
    world, django_assert_max_num_queries
):
    client = Client()
    client.force_login(world.users["dit"])
    first = proposal_in(State.FORWARDED, facility=world.users["facility"].facility)
    assert first.code in client.get(reverse("dashboard")).content.decode()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as miss:
        client.get(reverse("dashboard") + "?year=2030")
    with CaptureQueriesContext(connection) as hit:
        client.get(reverse("dashboard") + "?year=2030")
    assert len(hit.captured_queries) < len(miss.captured_queries)
    # A new forwarded proposal moves the latest state change: the next visit recomputes.
    second = proposal_in(State.FORWARDED, facility=world.users["facility_other"].facility)
    html = client.get(reverse("dashboard")).content.decode()
    assert second.code in html and first.code in html


def test_a_district_dashboard_is_not_shared(world):
    mine = proposal_in(State.SUBMITTED, facility=world.users["facility"].facility)
    other = proposal_in(State.SUBMITTED, facility=world.users["facility_other"].facility)
    for persona, seen, unseen in (("district", mine, other), ("district_other", other, mine)):
        client = Client()
        client.force_login(world.users[persona])
        html = client.get(reverse("dashboard")).content.decode()
        assert seen.code in html and unseen.code not in html
