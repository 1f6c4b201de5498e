"""Monitoring pages: forms refuse bad input with a message, scoping, query counts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from proposals.models import (
    Acceptance,
    ChangeRequest,
    MonitoringFile,
    ProgressReport,
    SiteInspection,
)
from tests.factories import FacilityOwnerFactory
from tests.factories_monitoring import (
    ChangeRequestFactory,
    ProgressReportFactory,
    approved_proposal,
    in_progress_proposal,
    lines_of,
    pdf,
    png,
)

TODAY = timezone.localdate()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _report_data(proposal, percent="40", spent="100000000", support="50000000"):
    first, second = lines_of(proposal)
    return {
        "percent_done": percent,
        "work_done": "Đã mua máy.",
        f"spent_{first.pk}": spent,
        f"support_{first.pk}": support,
        f"spent_{second.pk}": "0",
        f"support_{second.pk}": "0",
    }


# --- the panel on the proposal page ----------------------------------------------------


def test_the_proposal_page_shows_each_role_its_own_monitoring_actions(world):
    proposal = in_progress_proposal(world.users["facility"])
    url = reverse("proposals:proposal_detail", args=[proposal.pk])
    pages = {who: client_for(world.users[who]).get(url) for who in ("facility", "dit", "leader")}
    assert (
        reverse("proposals:progress_report_create", args=[proposal.pk])
        in pages["facility"].content.decode()
    )
    dit = pages["dit"].content.decode()
    assert reverse("proposals:inspection_create", args=[proposal.pk]) in dit
    assert reverse("budgets:acceptance_create", args=[proposal.pk]) in dit
    assert reverse("proposals:progress_report_create", args=[proposal.pk]) not in dit
    assert (
        reverse("budgets:proposal_cancel", args=[proposal.pk]) in pages["leader"].content.decode()
    )


def test_steps_of_other_states_are_not_offered(world):
    proposal = in_progress_proposal(world.users["facility"])
    page = client_for(world.users["dit"]).get(
        reverse("proposals:proposal_detail", args=[proposal.pk])
    )
    assert "Ghi nhận hợp đồng, bắt đầu thực hiện" not in page.content.decode()
    started = approved_proposal(world.users["facility"])
    page = client_for(world.users["dit"]).get(
        reverse("proposals:proposal_detail", args=[started.pk])
    )
    html = page.content.decode()
    assert reverse("proposals:proposal_start", args=[started.pk]) in html
    assert reverse("budgets:acceptance_create", args=[started.pk]) not in html


def test_a_blocked_action_says_why(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    ChangeRequestFactory(proposal=proposal)
    page = client_for(owner).get(reverse("proposals:proposal_detail", args=[proposal.pk]))
    assert "đang có một đề nghị điều chỉnh chờ xem xét" in page.content.decode()


def test_no_panel_before_approval(world):
    from tests.factories import ProposalFactory

    proposal = ProposalFactory(facility=world.users["facility"].facility, state="submitted")
    page = client_for(world.users["dit"]).get(
        reverse("proposals:proposal_detail", args=[proposal.pk])
    )
    assert 'id="monitoring"' not in page.content.decode()


# --- bad input through the forms ---------------------------------------------------------


@pytest.mark.parametrize("percent", ["101", "-5"])
def test_the_report_form_refuses_a_bad_percent(world, percent):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    response = client_for(owner).post(
        reverse("proposals:progress_report_create", args=[proposal.pk]),
        _report_data(proposal, percent=percent),
    )
    assert response.status_code == 400
    assert "Tỷ lệ hoàn thành phải từ 0 đến 100%." in response.content.decode()
    assert ProgressReport.objects.count() == 0


def test_the_report_form_refuses_support_beyond_the_allocation(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner, allocation=100_000_000)
    response = client_for(owner).post(
        reverse("proposals:progress_report_create", args=[proposal.pk]),
        _report_data(proposal, spent="300000000", support="150000000"),
    )
    assert response.status_code == 400
    assert "vượt kinh phí được phân bổ" in response.content.decode()
    assert ProgressReport.objects.count() == 0


def test_uploads_are_checked_by_content_not_by_name(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    fake = SimpleUploadedFile("anh.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = client_for(owner).post(
        reverse("proposals:progress_report_create", args=[proposal.pk]),
        {**_report_data(proposal), "photos": [fake]},
    )
    assert response.status_code == 400
    assert "không phải PDF, JPEG, PNG, DOCX hoặc XLSX" in response.content.decode()
    assert ProgressReport.objects.count() == 0 and MonitoringFile.objects.count() == 0


def test_a_pdf_is_not_a_photo(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    response = client_for(owner).post(
        reverse("proposals:progress_report_create", args=[proposal.pk]),
        {**_report_data(proposal), "photos": [pdf("anh.jpg")]},
    )
    assert response.status_code == 400
    assert ProgressReport.objects.count() == 0


def test_uploads_over_the_size_limit_are_refused(world, settings):
    settings.UPLOAD_MAX_BYTES = 10
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    response = client_for(owner).post(
        reverse("proposals:progress_report_create", args=[proposal.pk]),
        {**_report_data(proposal), "invoices": [pdf()]},
    )
    assert response.status_code == 400
    assert "quá lớn" in response.content.decode()
    assert ProgressReport.objects.count() == 0


def test_the_acceptance_form_refuses_a_date_before_the_contract(world):
    proposal = in_progress_proposal(world.users["facility"])
    first, second = lines_of(proposal)
    response = client_for(world.users["dit"]).post(
        reverse("budgets:acceptance_create", args=[proposal.pk]),
        {
            "accepted_on": (proposal.contract_date - dt.timedelta(days=1)).isoformat(),
            "members": "Hội đồng",
            "result": "pass",
            f"accepted_{first.pk}": "600000000",
            f"accepted_{second.pk}": "200000000",
            "jobs_achieved": "10",
            "minutes": [pdf()],
        },
    )
    assert response.status_code == 400
    assert "không được trước ngày hợp đồng" in response.content.decode()
    assert Acceptance.objects.count() == 0 and MonitoringFile.objects.count() == 0


def test_the_acceptance_form_refuses_a_cost_above_the_estimate(world):
    proposal = in_progress_proposal(world.users["facility"])
    first, second = lines_of(proposal)
    response = client_for(world.users["dit"]).post(
        reverse("budgets:acceptance_create", args=[proposal.pk]),
        {
            "accepted_on": TODAY.isoformat(),
            "members": "Hội đồng",
            "result": "pass",
            f"accepted_{first.pk}": "700000000",
            f"accepted_{second.pk}": "200000000",
            "jobs_achieved": "10",
            "minutes": [pdf()],
        },
    )
    assert response.status_code == 400
    assert "vượt dự toán của dòng" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == "in_progress" and Acceptance.objects.count() == 0


def test_the_acceptance_form_needs_the_minutes(world):
    proposal = in_progress_proposal(world.users["facility"])
    first, second = lines_of(proposal)
    response = client_for(world.users["dit"]).post(
        reverse("budgets:acceptance_create", args=[proposal.pk]),
        {
            "accepted_on": TODAY.isoformat(),
            "members": "Hội đồng",
            "result": "pass",
            f"accepted_{first.pk}": "600000000",
            f"accepted_{second.pk}": "200000000",
            "jobs_achieved": "10",
        },
    )
    assert response.status_code == 400
    assert "Vui lòng đính kèm biên bản nghiệm thu." in response.content.decode()


def test_refusing_a_change_needs_a_reason(world):
    proposal = in_progress_proposal(world.users["facility"])
    change = ChangeRequestFactory(proposal=proposal)
    response = client_for(world.users["dit"]).post(
        reverse("budgets:change_request_decide", args=[change.pk]), {"decision": "refuse"}
    )
    assert response.status_code == 400
    assert "Vui lòng nêu lý do không chấp thuận." in response.content.decode()
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.PENDING


def test_an_action_in_the_wrong_state_redirects_with_the_reason(world):
    proposal = approved_proposal(world.users["facility"])
    response = client_for(world.users["dit"]).get(
        reverse("proposals:inspection_create", args=[proposal.pk]), follow=True
    )
    assert "không ở trạng thái đang thực hiện" in response.content.decode()
    assert SiteInspection.objects.count() == 0


# --- files ---------------------------------------------------------------------------------


def test_files_are_served_only_inside_the_scope(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    client_for(owner).post(
        reverse("proposals:progress_report_create", args=[proposal.pk]),
        {**_report_data(proposal), "photos": [png("may.png")]},
    )
    stored = MonitoringFile.objects.get()
    assert stored.original_name == "may.png" and stored.content_type == "image/png"
    assert "may.png" not in stored.file.name  # the stored name never comes from the user
    url = reverse("proposals:monitoring_file", args=[stored.pk])
    response = client_for(world.users["district"]).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert client_for(world.users["district_other"]).get(url).status_code == 404
    assert client_for(world.users["facility_other"]).get(url).status_code == 404


# --- lists -----------------------------------------------------------------------------------


def test_the_monitoring_list_shows_schedule_against_progress(world):
    owner = world.users["facility"]
    late = in_progress_proposal(owner, end_date=TODAY - dt.timedelta(days=3), title="Đề án trễ")
    ProgressReportFactory(proposal=late, number=1, percent_done=20)
    fresh = in_progress_proposal(owner, contract_days_ago=5, title="Đề án mới")
    client = client_for(world.users["dit"])
    url = reverse("proposals:monitoring_list")
    page = client.get(url).content.decode()
    assert "Đề án trễ" in page and "Đề án mới" in page
    assert "20%" in page
    ended = client.get(url, {"view": "end_passed"}).content.decode()
    assert late.code in ended and fresh.code not in ended
    stale = client.get(url, {"view": "stale", "days": "30"}).content.decode()
    # The late one reported just now; the fresh one's contract is only 5 days old.
    assert late.code not in stale and fresh.code not in stale
    stale = client.get(url, {"view": "stale", "days": "3"}).content.decode()
    assert fresh.code in stale and late.code not in stale


def test_the_monitoring_list_is_scoped_to_the_district(world):
    mine = in_progress_proposal(world.users["facility"])
    theirs = in_progress_proposal(world.users["facility_other"])
    page = client_for(world.users["district"]).get(reverse("proposals:monitoring_list"))
    html = page.content.decode()
    assert mine.code in html and theirs.code not in html


def test_the_facility_sees_what_is_due_from_it(world):
    owner = world.users["facility"]
    overdue = in_progress_proposal(owner, contract_days_ago=45)
    waiting = approved_proposal(owner)
    other = in_progress_proposal(world.users["facility_other"], contract_days_ago=45)
    html = client_for(owner).get(reverse("proposals:monitoring_facility_due")).content.decode()
    assert overdue.code in html and waiting.code in html and other.code not in html
    assert "quá hạn 15 ngày" in html


def _many(owner, n):
    for _ in range(n):
        proposal = in_progress_proposal(owner)
        ProgressReportFactory(proposal=proposal, number=1)
        ChangeRequestFactory(proposal=proposal)


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [("proposals:monitoring_list", "dit"), ("proposals:monitoring_facility_due", "facility")],
)
def test_monitoring_lists_run_a_constant_number_of_queries(
    world, django_assert_max_num_queries, url_name, persona
):
    owner = world.users["facility"]
    client = client_for(world.users[persona])
    url = reverse(url_name)
    _many(owner, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _many(owner, 18)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("/proposals/") >= 20


def test_an_owner_of_another_facility_in_the_same_district_sees_nothing(world):
    proposal = in_progress_proposal(world.users["facility"])
    neighbour = FacilityOwnerFactory(facility__locality=world.l1)
    url = reverse("proposals:progress_report_create", args=[proposal.pk])
    assert client_for(neighbour).get(url).status_code == 404
