"""The DIT's list of every proposal and the admin changelist it is measured against."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals.models import State
from tests.factories import AdminFactory
from tests.factories_review import proposal_in


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _many(world, n: int) -> None:
    for i in range(n):
        owner = world.users["facility" if i % 2 else "facility_other"]
        proposal_in(State.FORWARDED if i % 3 else State.APPROVED, facility=owner.facility)


def test_it_lists_every_non_draft_proposal_of_every_district(world):
    mine = proposal_in(State.FORWARDED, facility=world.users["facility"].facility)
    other = proposal_in(State.APPROVED, facility=world.users["facility_other"].facility)
    draft = proposal_in(State.DRAFT, facility=world.users["facility"].facility, title="Bản nháp X")
    html = client_for(world.users["dit"]).get(reverse("proposals:dit_list")).content.decode()
    assert mine.code in html and other.code in html
    assert "Bản nháp X" not in html and draft.title == "Bản nháp X"
    assert world.l1.name in html and world.l2.name in html



def test_each_row_links_to_its_proposal_page(world):
    """The row links are built from one reversed prefix: each must be the proposal's page."""
    import re

    rows = [
        proposal_in(State.FORWARDED, facility=world.users["facility"].facility),
        proposal_in(State.APPROVED, facility=world.users["facility_other"].facility),
    ]
    html = client_for(world.users["dit"]).get(reverse("proposals:dit_list")).content.decode()
    links = dict(re.findall(r'<a href="([^"]+)">([A-Z0-9-]+)</a></td>', html))
    for proposal in rows:
        assert links[reverse("proposals:proposal_detail", args=[proposal.pk])] == proposal.code

def test_it_filters_by_state_and_searches_by_code(world):
    forwarded = proposal_in(State.FORWARDED, facility=world.users["facility"].facility)
    approved = proposal_in(State.APPROVED, facility=world.users["facility"].facility)
    client = client_for(world.users["dit"])
    html = client.get(reverse("proposals:dit_list"), {"state": "approved"}).content.decode()
    assert approved.code in html and forwarded.code not in html
    html = client.get(reverse("proposals:dit_list"), {"q": forwarded.code}).content.decode()
    assert forwarded.code in html and approved.code not in html


def test_it_pages_fifty_at_a_time(world):
    _many(world, 51)
    response = client_for(world.users["dit"]).get(reverse("proposals:dit_list"))
    assert len(response.context["page"].object_list) == 50
    assert "Trang 1/2" in response.content.decode()


def test_a_bad_filter_is_refused_with_a_message_not_an_error(world):
    response = client_for(world.users["dit"]).get(reverse("proposals:dit_list"), {"state": "x"})
    assert response.status_code == 400
    assert "Điều kiện lọc không hợp lệ" in response.content.decode()


def test_an_empty_list_says_so(world):
    html = client_for(world.users["dit"]).get(reverse("proposals:dit_list")).content.decode()
    assert "Không có đề án nào phù hợp" in html


@pytest.mark.parametrize(
    ("url", "persona"),
    [("proposals:dit_list", "dit"), ("admin:proposals_proposal_changelist", "superuser")],
)
def test_the_list_and_the_changelist_run_a_constant_number_of_queries(world, url, persona):
    user = AdminFactory(is_superuser=True, is_staff=True) if persona == "superuser" else None
    client = client_for(user or world.users[persona])
    _many(world, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url)).status_code == 200
    _many(world, 20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse(url))
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries) <= 15


def test_the_admin_changelist_is_read_only(world):
    proposal = proposal_in(State.FORWARDED, facility=world.users["facility"].facility)
    client = client_for(AdminFactory(is_superuser=True, is_staff=True))
    html = client.get(reverse("admin:proposals_proposal_changelist")).content.decode()
    assert proposal.code in html
    assert client.get(reverse("admin:proposals_proposal_add")).status_code == 403
