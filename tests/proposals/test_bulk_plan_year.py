"""Issue 17 item 8: bulk approval shows each proposal's plan year and never moves one silently."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from khuyencong.exceptions import ServiceError
from proposals.models import Proposal, State
from proposals.services.review import BulkApprovalError, proposals_approve_bulk
from tests.factories_review import appraised


def _leader(world) -> Client:
    client = Client()
    client.force_login(world.users["leader"])
    return client


def _post(world, proposals, year: int):
    return _leader(world).post(
        reverse("proposals:leader_bulk_approve"),
        {
            "proposals": [p.pk for p in proposals],
            "plan_year": year,
            "decision_number": "50/QĐ-SCT",
            "decision_date": timezone.localdate().isoformat(),
        },
    )


def test_the_decisions_page_shows_each_proposals_plan_year(world):
    facility = world.users["facility"].facility
    a = appraised(facility=facility, plan_year=2026)
    b = appraised(facility=facility, plan_year=2027)
    page = _leader(world).get(reverse("proposals:leader_decisions")).content.decode()
    assert "Năm kế hoạch" in page
    for proposal, year in ((a, "2026"), (b, "2027")):
        row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{proposal.code}(?:(?!</tr>).)*</tr>", page, re.S)
        assert re.search(rf'<td class="plan-year">{year}</td>', row.group(0))


def test_a_2027_proposal_ticked_with_the_year_left_at_2026_is_refused_not_moved(world):
    facility = world.users["facility"].facility
    ours = appraised(facility=facility, plan_year=2026)
    later = appraised(facility=facility, plan_year=2027)
    response = _post(world, [ours, later], 2026)
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        f"Đề án {later.code} thuộc năm kế hoạch 2027, không phải năm 2026; "
        "phê duyệt riêng theo năm của đề án."
    ) in page
    later.refresh_from_db()
    ours.refresh_from_db()
    assert (later.state, later.plan_year) == (State.APPRAISED, 2027)
    assert ours.state == State.APPRAISED  # all or nothing


def test_a_selection_of_one_year_is_approved_into_that_year(world):
    facility = world.users["facility"].facility
    proposals = [appraised(facility=facility, plan_year=2027) for _ in range(2)]
    response = _post(world, proposals, 2027)
    assert response.status_code == 302
    approved = Proposal.objects.filter(decision_number="50/QĐ-SCT", state=State.APPROVED)
    assert sorted(p.plan_year for p in approved) == [2027, 2027]


def test_the_service_refuses_a_mixed_selection_with_each_year(world):
    facility = world.users["facility"].facility
    a = appraised(facility=facility, plan_year=2026)
    b = appraised(facility=facility, plan_year=2027)
    with pytest.raises(BulkApprovalError, match="Không phê duyệt đề án nào: 1 đề án") as caught:
        proposals_approve_bulk(
            proposals=[a, b],
            actor=world.users["leader"],
            plan_year=2027,
            decision_number="51/QĐ-SCT",
            decision_date=timezone.localdate(),
        )
    assert caught.value.errors == {
        a.pk: f"Đề án {a.code} thuộc năm kế hoạch 2026, không phải năm 2027; "
        "phê duyệt riêng theo năm của đề án."
    }
    assert isinstance(caught.value, ServiceError)
