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


def test_the_plan_snapshot_costs_the_same_queries_whether_or_not_a_run_exists(world):
    """Query counts of the provincial dashboards do not depend on the data (issue 9, d)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from reports.services.plan import plan_aggregate

    year = timezone.localdate().year
    client = Client()
    client.force_login(world.users["dit"])
    proposal_in(State.FORWARDED, facility=world.users["facility"].facility, plan_year=year)

    def warm_count() -> tuple[int, str]:
        client.get(reverse("dashboard"))
        with CaptureQueriesContext(connection) as captured:
            html = client.get(reverse("dashboard")).content.decode()
        return len(captured.captured_queries), html

    without, html = warm_count()
    assert f"Chưa có số liệu tổng hợp cho năm {year}." in html
    plan_aggregate(year=year, trigger="manual")
    with_run, html = warm_count()
    assert "Số liệu tổng hợp lúc" in html
    assert with_run == without
    # A newer run is shown at once: the cache is keyed by the run.
    from reports.selectors import latest_run, latest_snapshot

    before = latest_snapshot(year).totals["n_submitted"]
    proposal_in(State.FORWARDED, facility=world.users["facility_other"].facility, plan_year=year)
    plan_aggregate(year=year, trigger="manual")
    snapshot = latest_snapshot(year)
    assert snapshot.run == latest_run(year)
    assert snapshot.totals["n_submitted"] == before + 1


def test_an_audited_write_without_a_state_change_shows_at_once(
    world, django_capture_on_commit_callbacks
):
    """The approved amount changes without a state change: the dashboard follows at once."""
    from django.db.models import F

    from khuyencong import audit
    from proposals.models import Proposal

    client = Client()
    client.force_login(world.users["dit"])
    proposal = proposal_in(
        State.APPROVED,
        facility=world.users["facility"].facility,
        plan_year=2030,
        approved_amount=300_000_000,
    )

    def approved() -> str:
        html = client.get(reverse("dashboard") + "?year=2030").content.decode()
        return html.split('id="money-approved">')[1].split("</div>")[0]

    assert approved() == "300.000.000 đ"
    # What a service does: change a figure (not the state) and leave its audit row.
    with django_capture_on_commit_callbacks(execute=True):
        Proposal.objects.filter(pk=proposal.pk).update(approved_amount=F("approved_amount") - 1)
        audit.record(actor=world.users["dit"], action="proposal.change_approve", obj=proposal)
    assert approved() == "299.999.999 đ"


def test_a_cache_outage_after_the_commit_does_not_fail_the_action(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.cache import cache

    from khuyencong import audit
    from khuyencong.models import AuditLog

    def down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(cache, "add", down)
    proposal = proposal_in(State.APPROVED, facility=world.users["facility"].facility)
    with django_capture_on_commit_callbacks(execute=True):
        audit.record(actor=world.users["dit"], action="proposal.change_approve", obj=proposal)
    assert AuditLog.objects.filter(action="proposal.change_approve").count() == 1


def waiting_count(html: str) -> str:
    """The figure of the "Chờ tôi xử lý" card, without its link."""
    import re

    cell = html.split('id="waiting-count">')[1].split("</div>")[0]
    return re.sub(r"<[^>]+>", "", cell).strip()


def test_each_council_member_has_an_entry_of_their_own_and_a_submitted_sheet_shows_at_once(
    world, django_capture_on_commit_callbacks
):
    """Council dashboards are cached per member (issue 14): another member never gets the
    first one's figures, and submitting a score sheet (no state change) is seen at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from proposals.models import Criterion
    from proposals.services.appraisal import appraisal_start, scoresheet_submit
    from tests.factories import CouncilFactory

    proposal = proposal_in(State.FORWARDED, facility=world.users["facility"].facility)
    member, colleague = world.users["council"], CouncilFactory(username="c2")
    outsider = CouncilFactory(username="c3")
    with django_capture_on_commit_callbacks(execute=True):
        appraisal = appraisal_start(
            proposal=proposal, actor=world.users["dit"], members=[member, colleague]
        )
    client = Client()
    client.force_login(member)
    with CaptureQueriesContext(connection) as first:
        html = client.get(reverse("dashboard")).content.decode()
    assert proposal.code in html and waiting_count(html) == "1"
    with CaptureQueriesContext(connection) as second:
        assert waiting_count(client.get(reverse("dashboard")).content.decode()) == "1"
    assert len(second.captured_queries) < len(first.captured_queries)  # served from the entry
    stranger = Client()
    stranger.force_login(outsider)
    html = stranger.get(reverse("dashboard")).content.decode()
    assert proposal.code not in html and waiting_count(html) == "0"
    scores = {c.pk: c.max_score for c in Criterion.objects.filter(is_active=True)}
    with django_capture_on_commit_callbacks(execute=True):
        scoresheet_submit(sheet=appraisal.sheets.get(member=member), actor=member, scores=scores)
    assert waiting_count(client.get(reverse("dashboard")).content.decode()) == "0"
