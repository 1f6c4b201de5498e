"""Issue 14 items 3-5: every list and dashboard page runs the same number of queries with 3 and
with 30 rows of its kind, and at most 10."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.models import Confirmation
from proposals.models import Appraisal, ScoreSheet, State
from tests.factories import DitFactory
from tests.factories_budget import AllocationFactory, AppropriationFactory, DisbursementFactory
from tests.factories_review import proposal_in

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10
YEAR = 2027

# (url name, query string, persona)
PAGES = [
    ("proposals:dit_list", "", "dit"),
    ("proposals:dit_list", "sort=code", "dit"),
    ("proposals:district_inbox", "", "district"),
    ("proposals:dit_intake", "", "dit"),
    ("proposals:leader_decisions", "", "leader"),
    ("proposals:council_assigned", "", "council"),
    ("proposals:my_proposals", "", "facility"),
    ("proposals:district_forwarded", f"year={YEAR}", "district"),
    ("proposals:monitoring_list", "", "dit"),
    ("reports:public_list", f"year={YEAR}", None),
    ("dashboard", "", "facility"),
    ("dashboard", "", "district"),
    ("dashboard", "", "dit"),
    ("dashboard", "", "leader"),
    ("dashboard", "", "council"),
    ("budgets:reconciliation", f"year={YEAR}", "finance"),
    ("budgets:allocation_board", "", "dit"),
    ("budgets:appropriation_list", "", "finance"),
]


class Grower:
    """Adds rows of every kind the pages list, visible to the personas of ``world``."""

    def __init__(self, world) -> None:
        self.world = world
        self.appropriation = AppropriationFactory(plan_year=YEAR)
        self.starter = DitFactory(username="appraisal-starter")

    def add(self, n: int) -> None:
        world = self.world
        mine = world.users["facility"].facility
        other = world.users["facility_other"].facility
        fund = self.appropriation.fund_source
        for i in range(n):
            facility = mine if i % 2 == 0 else other
            proposal_in(State.SUBMITTED, facility=mine, plan_year=YEAR)
            proposal_in(State.RETURNED, facility=mine, plan_year=YEAR)
            proposal_in(State.FORWARDED, facility=mine, plan_year=YEAR, district_priority=None)
            proposal_in(State.APPRAISED, facility=facility, plan_year=YEAR)
            proposal_in(State.IN_PROGRESS, facility=facility, plan_year=YEAR)
            approved = proposal_in(
                State.APPROVED,
                facility=facility,
                plan_year=YEAR,
                fund_source=fund,
                approved_amount=300_000_000,
            )
            # Half funded (and half of that still waiting for Finance), half not at all.
            if i % 2 == 0:
                allocation = AllocationFactory(
                    appropriation=self.appropriation,
                    proposal=approved,
                    amount=100_000_000,
                    status=Confirmation.CONFIRMED if i % 4 == 0 else Confirmation.PROPOSED,
                )
                DisbursementFactory(allocation=allocation, amount=50_000_000)
            under = proposal_in(State.UNDER_APPRAISAL, facility=facility, plan_year=YEAR)
            appraisal = Appraisal.objects.create(
                proposal=under, started_by=self.starter, pass_mark=70
            )
            appraisal.members.set([world.users["council"]])
            ScoreSheet.objects.create(appraisal=appraisal, member=world.users["council"])


def _count(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries), response.content.decode()


@pytest.mark.parametrize(("name", "query", "persona"), PAGES)
def test_the_page_runs_the_same_few_queries_at_3_and_at_30_rows(world, name, query, persona):
    client = Client()
    if persona is not None:
        client.force_login(world.users[persona])
    url = reverse(name) + (f"?{query}" if query else "")
    grower = Grower(world)
    grower.add(3)
    client.get(url)  # warm: the first visit fills per-process caches (calendar, catalogue)
    few, _html = _count(client, url)
    grower.add(27)
    client.get(url)
    many, _html = _count(client, url)
    assert few == many, (url, few, many)
    assert many <= MAX_QUERIES, (url, many)
