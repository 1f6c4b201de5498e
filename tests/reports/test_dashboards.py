"""Role dashboards: figures in the viewer's scope, what waits on it, the DIT chart data."""

from __future__ import annotations

import datetime as dt
import json
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from proposals.models import Proposal
from tests.factories_review import appraised, proposal_in, with_council


def page(user, query: str = "?year=2027") -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("dashboard") + query)
    assert response.status_code == 200
    return response.content.decode()


def number(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(?:<a [^>]*>)?([^<]+)<', html)
    assert match, element_id
    return match.group(1).strip()


def test_the_district_dashboard_counts_its_locality_only(world):
    f1, f2 = world.users["facility"].facility, world.users["facility_other"].facility
    late = proposal_in("submitted", facility=f1)
    Proposal.objects.filter(pk=late.pk).update(
        state_changed_at=timezone.now() - dt.timedelta(days=60)
    )
    proposal_in("submitted", facility=f1)
    proposal_in("submitted", facility=f2)
    proposal_in("approved", facility=f1, approved_amount=120_000_000)
    html = page(world.users["district"])
    assert number(html, "waiting-count") == "2"
    assert number(html, "overdue-count") == "1"
    assert number(html, "money-requested") == "900.000.000 đ"
    assert number(html, "money-approved") == "120.000.000 đ"
    assert "dashboard-chart-data" not in html
    assert "Bảng điều khiển đang được xây dựng" not in html


def test_the_dit_dashboard_has_the_chart_data_per_state_and_locality(world):
    proposal_in("forwarded", facility=world.users["facility"].facility)
    proposal_in("forwarded", facility=world.users["facility_other"].facility)
    proposal_in("submitted", facility=world.users["facility_other"].facility)
    html = page(world.users["dit"])
    assert number(html, "waiting-count") == "2"
    data = json.loads(
        re.search(r'id="dashboard-chart-data" type="application/json">(.+?)</script>', html).group(
            1
        )
    )
    assert dict(zip(data["localities"]["labels"], data["localities"]["data"], strict=True)) == {
        "Huyện Long Hồ": 1,
        "Huyện Mang Thít": 2,
    }
    assert sum(data["states"]["data"]) == 3
    assert "vendor/chartjs/chart.umd.min.js" in html and "js/dashboard.js" in html
    assert "<script>" not in html


def test_the_leader_waits_on_appraised_proposals(world):
    appraised(facility=world.users["facility"].facility)
    proposal_in("forwarded", facility=world.users["facility"].facility)
    assert number(page(world.users["leader"]), "waiting-count") == "1"


def test_a_council_member_waits_on_its_unsubmitted_sheets(world):
    member = world.users["council"]
    todo = proposal_in("under_appraisal", facility=world.users["facility"].facility)
    with_council(todo, [member, world.users["dit"]], scored=0)
    done = proposal_in("under_appraisal", facility=world.users["facility"].facility)
    with_council(done, [member, world.users["dit"]], scored=1)
    html = page(member)
    assert number(html, "waiting-count") == "1"
    assert todo.code in html and done.code not in html.split('id="waiting"')[1].split("</table>")[0]


def test_the_facility_sees_what_was_returned_to_it(world):
    proposal_in("returned", facility=world.users["facility"].facility)
    proposal_in("returned", facility=world.users["facility_other"].facility)
    assert number(page(world.users["facility"]), "waiting-count") == "1"


def test_a_bad_year_falls_back_to_this_year(world):
    html = page(world.users["district"], "?year=abc")
    assert f'value="{timezone.localdate().year}"' in html


def test_an_empty_dit_dashboard_shows_no_empty_charts(world):
    html = page(world.users["dit"])
    assert "Chưa có đề án nào." in html
    assert "dashboard-chart-data" not in html and "chart-states" not in html


def test_the_facility_dashboard_leads_to_a_new_proposal_and_its_list(world):
    from django.urls import reverse

    html = page(world.users["facility"])
    assert f'href="{reverse("proposals:proposal_new")}">Lập đề án mới</a>' in html
    assert f'href="{reverse("proposals:my_proposals")}">Đề án của tôi</a>' in html
