"""One rule for the plan year every page offers by default (the year being planned)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from khuyencong.lib.dates import planning_year


@pytest.mark.parametrize(
    ("today", "start", "expected"),
    [
        (dt.date(2026, 11, 30), 7, 2027),  # the planning season of 2027
        (dt.date(2026, 7, 1), 7, 2027),  # its first day
        (dt.date(2026, 6, 30), 7, 2026),  # the day before
        (dt.date(2026, 1, 1), 7, 2026),
        (dt.date(2026, 12, 31), 12, 2027),
        (dt.date(2026, 1, 1), 1, 2027),  # a province that plans all year for the next one
    ],
)
def test_the_planning_year_turns_at_the_season_start(today, start, expected):
    assert planning_year(today, season_start_month=start) == expected


def _offered(html: str, name: str) -> str:
    pattern = rf'name="{name}"[^>]*value="(\d{{4}})"|value="(\d{{4}})"[^>]*name="{name}"'
    match = re.search(pattern, html)
    assert match, f"no pre-filled {name} on the page"
    return match.group(1) or match.group(2)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "expected"), [(dt.date(2026, 11, 30), "2027"), (dt.date(2026, 3, 2), "2026")]
)
def test_every_page_offers_the_same_plan_year(client, world, monkeypatch, today, expected):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return today if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    client.force_login(world.users["facility"])
    page = client.get(reverse("proposals:proposal_new")).content.decode()
    assert _offered(page, "plan_year") == expected
    client.force_login(world.users["leader"])
    response = client.get(reverse("proposals:leader_decisions"))
    assert str(response.context["form"]["plan_year"].value()) == expected
    client.force_login(world.users["dit"])
    assert _offered(client.get(reverse("reports:plan")).content.decode(), "year") == expected
    client.force_login(world.users["district"])
    response = client.get(reverse("proposals:district_forwarded"))
    assert response.context["year"] == int(expected)
