"""Review pages: inboxes, lists, the actions on the proposal page, bulk approval, query counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals.models import Proposal, State
from tests.factories import ActivityTypeFactory, CouncilFactory
from tests.factories_review import appraised, proposal_in, with_council


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get(user, name: str, query: str = "", **kwargs) -> tuple[int, str]:
    response = client_for(user).get(reverse(name, kwargs=kwargs) + query)
    return response.status_code, response.content.decode()


def queries(user, url: str) -> int:
    client = client_for(user)
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def assert_constant_queries(user, url: str, make: Callable[[int], None]) -> None:
    make(2)
    few = queries(user, url)
    make(18)
    many = queries(user, url)
    assert many == few, f"{url}: {few} queries with 2 rows, {many} with 20"


def test_the_district_inbox_lists_submitted_proposals_of_its_locality_only(world):
    own = proposal_in("submitted", facility=world.users["facility"].facility, title="Đề án A")
    proposal_in("submitted", facility=world.users["facility_other"].facility, title="Đề án B")
    proposal_in("forwarded", facility=world.users["facility"].facility, title="Đề án C")
    status, page = get(world.users["district"], "proposals:district_inbox")
    assert status == 200
    assert own.code in page and "Đề án A" in page
    assert "Đề án B" not in page and "Đề án C" not in page


def test_the_district_inbox_filters_by_state_activity_and_year(world):
    facility = world.users["facility"].facility
    other_type = ActivityTypeFactory(name="Đào tạo nghề")
    proposal_in("forwarded", facility=facility, title="Chuyển rồi")
    proposal_in("submitted", facility=facility, title="Năm sau", plan_year=2028)
    proposal_in("submitted", facility=facility, title="Lớp học nghề", activity_type=other_type)
    user = world.users["district"]
    _s, page = get(user, "proposals:district_inbox", "?state=forwarded")
    assert "Chuyển rồi" in page and "Năm sau" not in page
    _s, page = get(user, "proposals:district_inbox", "?plan_year=2028")
    assert "Năm sau" in page and "Lớp học nghề" not in page
    _s, page = get(user, "proposals:district_inbox", f"?activity_type={other_type.pk}")
    assert "Lớp học nghề" in page and "Năm sau" not in page
    status, _page = get(user, "proposals:district_inbox", "?state=nonsense")
    assert status == 400


def test_the_inbox_sorts_by_days_waiting_and_marks_overdue(world):
    facility = world.users["facility"].facility
    old = proposal_in("submitted", facility=facility, title="Hồ sơ cũ")
    Proposal.objects.filter(pk=old.pk).update(
        state_changed_at=timezone.now() - dt.timedelta(days=40)
    )
    proposal_in("submitted", facility=facility, title="Hồ sơ mới")
    _s, page = get(world.users["district"], "proposals:district_inbox")
    page = page[page.index('id="inbox"') :]
    assert page.index("Hồ sơ cũ") < page.index("Hồ sơ mới")
    assert "Quá hạn" in page and "table-danger" in page
    _s, page = get(world.users["district"], "proposals:district_inbox", "?sort=-waiting")
    page = page[page.index('id="inbox"') :]
    assert page.index("Hồ sơ mới") < page.index("Hồ sơ cũ")


def test_the_dit_intake_lists_forwarded_proposals_of_every_locality(world):
    a = proposal_in("forwarded", facility=world.users["facility"].facility)
    b = proposal_in("forwarded", facility=world.users["facility_other"].facility)
    c = proposal_in("submitted", facility=world.users["facility"].facility)
    _s, page = get(world.users["dit"], "proposals:dit_intake")
    assert a.code in page and b.code in page and c.code not in page


def test_the_district_list_of_the_year_totals_the_forwarded_proposals(world):
    facility = world.users["facility"].facility
    proposal_in("forwarded", facility=facility, district_priority=2, requested_support=100_000_000)
    proposal_in("approved", facility=facility, district_priority=1, requested_support=200_000_000)
    proposal_in("submitted", facility=facility, requested_support=999_000_000)
    proposal_in("forwarded", facility=facility, plan_year=2028, requested_support=777_000_000)
    _s, page = get(world.users["district"], "proposals:district_forwarded", "?year=2027")
    assert "300.000.000" in page
    assert "999.000.000" not in page and "777.000.000" not in page
    assert "Ba trăm triệu đồng" in page


def test_the_leader_list_shows_mean_recommendation_and_amount(world):
    proposal = appraised(facility=world.users["facility"].facility)
    _s, page = get(world.users["leader"], "proposals:leader_decisions")
    assert proposal.code in page and "80,00" in page and "250.000.000" in page
    assert "Đạt" in page


def test_bulk_approval_from_the_leader_list(world):
    proposals = [appraised(facility=world.users["facility"].facility) for _ in range(2)]
    response = client_for(world.users["leader"]).post(
        reverse("proposals:leader_bulk_approve"),
        {
            "proposals": [p.pk for p in proposals],
            "plan_year": 2027,
            "decision_number": "7/QĐ-SCT",
            "decision_date": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert Proposal.objects.filter(state=State.APPROVED, decision_number="7/QĐ-SCT").count() == 2


def test_bulk_approval_shows_each_proposals_error_and_approves_none(world):
    good = appraised(facility=world.users["facility"].facility)
    bad = proposal_in(
        "appraised", facility=world.users["facility"].facility, recommended_amount=100_000_000
    )
    with_council(bad, scored=2, concluded=True)
    response = client_for(world.users["leader"]).post(
        reverse("proposals:leader_bulk_approve"),
        {
            "proposals": [good.pk, bad.pk],
            "plan_year": 2027,
            "decision_number": "8/QĐ-SCT",
            "decision_date": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Không phê duyệt đề án nào" in page and "Chưa có mức hỗ trợ" in page
    assert not Proposal.objects.filter(state=State.APPROVED).exists()


def _actions(user, proposal) -> tuple[list[str], str]:
    import re

    _s, page = get(user, "proposals:proposal_detail", pk=proposal.pk)
    return re.findall(r'data-action="(\w+)"', page), page


def test_the_proposal_page_shows_exactly_the_actions_the_viewer_may_take(world):
    submitted = proposal_in("submitted", facility=world.users["facility"].facility)
    assert _actions(world.users["district"], submitted)[0] == ["forward", "return", "reject"]
    assert _actions(world.users["facility"], submitted)[0] == []
    acts, page = _actions(world.users["dit"], submitted)
    assert acts == [] and "Vai trò của bạn không được" in page
    forwarded = proposal_in("forwarded", facility=world.users["facility"].facility)
    assert _actions(world.users["dit"], forwarded)[0] == [
        "request_info",
        "start_appraisal",
        "reject",
    ]
    assert _actions(world.users["district"], forwarded)[0] == []
    assert _actions(world.users["leader"], appraised(facility=world.users["facility"].facility))[
        0
    ] == ["approve", "reject"]


def test_a_missing_action_says_why(world):
    proposal = proposal_in("under_appraisal", facility=world.users["facility"].facility)
    with_council(proposal, [world.users["council"], CouncilFactory(username="late")], scored=1)
    acts, page = _actions(world.users["dit"], proposal)
    assert acts == ["request_info"]
    assert "Kết thúc thẩm định" in page and "Còn thiếu phiếu chấm" in page


def test_an_invalid_action_form_rerenders_with_errors_and_changes_nothing(world):
    proposal = proposal_in("submitted", facility=world.users["facility"].facility)
    proposal_in("forwarded", facility=world.users["facility"].facility, district_priority=4)
    response = client_for(world.users["district"]).post(
        reverse("proposals:proposal_act", args=[proposal.pk, "forward"]),
        {"forward-opinion": "Đồng ý", "forward-priority": 4},
    )
    assert response.status_code == 400
    assert "Thứ tự ưu tiên 4" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == State.SUBMITTED


def test_actions_are_post_only(world):
    proposal = proposal_in("submitted", facility=world.users["facility"].facility)
    response = client_for(world.users["district"]).get(
        reverse("proposals:proposal_act", args=[proposal.pk, "return"])
    )
    assert response.status_code == 405


@pytest.fixture
def rows(world):
    """``make(n)`` adds ``n`` proposals at each review step for both localities."""

    def make(n: int) -> None:
        for i in range(n):
            facility = world.users["facility" if i % 2 else "facility_other"].facility
            for state in ("submitted", "forwarded", "returned", "approved"):
                proposal_in(state, facility=facility)
            appraised(facility=facility)
            p = proposal_in("under_appraisal", facility=facility)
            with_council(p, [world.users["council"], CouncilFactory()], scored=1)

    return make


@pytest.mark.parametrize(
    ("persona", "url_name", "query"),
    [
        ("district", "proposals:district_inbox", ""),
        ("district", "proposals:district_inbox", "?state=&sort=-waiting"),
        ("district", "proposals:district_forwarded", "?year=2027"),
        ("dit", "proposals:dit_intake", ""),
        ("dit", "proposals:dit_intake", "?state=under_appraisal"),
        ("leader", "proposals:leader_decisions", ""),
        ("council", "proposals:council_assigned", ""),
    ],
)
def test_review_lists_keep_a_constant_number_of_queries(world, rows, persona, url_name, query):
    assert_constant_queries(world.users[persona], reverse(url_name) + query, rows)


@pytest.mark.parametrize("persona", ["facility", "district", "dit", "leader", "council"])
def test_dashboards_keep_a_constant_number_of_queries(world, rows, persona):
    assert_constant_queries(world.users[persona], reverse("dashboard") + "?year=2027", rows)


def test_the_proposal_page_shows_the_step_deadline_to_reviewers(world):
    proposal = proposal_in("submitted", facility=world.users["facility"].facility)
    Proposal.objects.filter(pk=proposal.pk).update(
        state_changed_at=timezone.now() - dt.timedelta(days=60)
    )
    _s, page = get(world.users["district"], "proposals:proposal_detail", pk=proposal.pk)
    assert 'id="deadline"' in page and "Quá hạn" in page
    _s, page = get(world.users["facility"], "proposals:proposal_detail", pk=proposal.pk)
    assert 'id="deadline"' not in page
