"""The whole life of a proposal from approval to acceptance, through the pages, as each role.

Runs on SQLite and on PostgreSQL (CI sets DATABASE_URL); the race at the end needs PostgreSQL.
Settlement belongs to the budget flow: the story stops at ``accepted``, with the allocation and
its releases checked on the way.
"""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from budgets.models import Allocation
from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog
from proposals.models import Acceptance, ChangeRequest, ProgressReport, Proposal
from proposals.monitoring.services.records import progress_report_submit
from tests.conftest import requires_postgres
from tests.factories_monitoring import approved_proposal, in_progress_proposal, lines_of, pdf, png

TODAY = timezone.localdate()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_from_approval_to_acceptance_through_the_pages(world):
    owner, dit, leader = world.users["facility"], world.users["dit"], world.users["leader"]
    facility, dit_client = client_for(owner), client_for(dit)
    proposal = approved_proposal(owner)
    allocation = Allocation.objects.get(proposal=proposal)
    first, second = lines_of(proposal)
    detail = reverse("proposals:proposal_detail", args=[proposal.pk])

    # The facility sees it waits for the contract; the DIT starts the work.
    due = facility.get(reverse("proposals:monitoring_facility_due")).content.decode()
    assert proposal.code in due and "chờ ký hợp đồng" in due
    contract_date = TODAY - dt.timedelta(days=40)
    response = dit_client.post(
        reverse("proposals:proposal_start", args=[proposal.pk]),
        {
            "contract_number": "HĐ-12/2027/KC",
            "contract_date": contract_date.isoformat(),
            "contract_files": [pdf("hop-dong.pdf")],
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == "in_progress" and proposal.contract_number == "HĐ-12/2027/KC"

    # The facility reports progress with photos and invoices.
    response = facility.post(
        reverse("proposals:progress_report_create", args=[proposal.pk]),
        {
            "percent_done": "45",
            "work_done": "Đã mua và lắp máy đóng gói.",
            f"spent_{first.pk}": "550000000",
            f"support_{first.pk}": "240000000",
            f"spent_{second.pk}": "0",
            f"support_{second.pk}": "0",
            "photos": [png("may-dong-goi.png")],
            "invoices": [pdf("hoa-don.pdf")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ProgressReport.objects.get(proposal=proposal).percent_done == 45

    # The DIT inspects the site and the district officer sees it on the proposal page.
    response = dit_client.post(
        reverse("proposals:inspection_create", args=[proposal.pk]),
        {
            "inspected_on": TODAY.isoformat(),
            "inspectors": "Võ Thành Công (Sở Công Thương), Lê Minh Tâm (UBND huyện)",
            "findings": "Máy đã lắp đặt, chạy thử đạt.",
            "photos": [png("kiem-tra.png")],
        },
    )
    assert response.status_code == 302
    page = client_for(world.users["district"]).get(detail).content.decode()
    assert "Máy đã lắp đặt, chạy thử đạt." in page and "45%" in page

    # The installation costs less: the facility asks to lower its support and the line.
    response = facility.post(
        reverse("proposals:change_request_create", args=[proposal.pk]),
        {
            "reason": "Chi phí lắp đặt thấp hơn dự toán.",
            "new_end_date": proposal.end_date.isoformat(),
            "new_content_scale": proposal.content_scale,
            f"quantity_{first.pk}": "1",
            f"unit_price_{first.pk}": "600000000",
            f"support_{first.pk}": "250000000",
            f"quantity_{second.pk}": "1",
            f"unit_price_{second.pk}": "120000000",
            f"support_{second.pk}": "20000000",
        },
    )
    assert response.status_code == 302
    change = ChangeRequest.objects.get(proposal=proposal)
    assert change.support_after == 270_000_000
    page = dit_client.get(reverse("proposals:change_request_detail", args=[change.pk]))
    assert "120.000.000 đ" in page.content.decode()
    response = dit_client.post(
        reverse("budgets:change_request_decide", args=[change.pk]),
        {"decision": "approve", "note": "Đồng ý điều chỉnh."},
    )
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.released == 30_000_000
    proposal.refresh_from_db()
    assert proposal.approved_amount == 270_000_000 and proposal.total_cost == 720_000_000
    page = facility.get(reverse("proposals:change_request_detail", args=[change.pk]))
    html = page.content.decode()
    assert "Đã chấp thuận" in html and "<del>" in html and "30.000.000 đ" in html

    # The leader could cancel, but the work is done: the DIT records the acceptance.
    assert "Hủy đề án" in client_for(leader).get(detail).content.decode()
    response = dit_client.post(
        reverse("budgets:acceptance_create", args=[proposal.pk]),
        {
            "accepted_on": TODAY.isoformat(),
            "members": "Sở Công Thương, UBND huyện Long Hồ, đại diện cơ sở",
            "result": "conditional",
            "conditions": "Bổ sung sổ tay vận hành.",
            f"accepted_{first.pk}": "590000000",
            f"accepted_{second.pk}": "120000000",
            "jobs_achieved": "12",
            "capacity_achieved": "2,5 tấn/ngày",
            "revenue_achieved": "650000000",
            "minutes": [pdf("bien-ban-nghiem-thu.pdf")],
            "invoices": [pdf("hoa-don-2.pdf")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal.refresh_from_db()
    assert proposal.state == "accepted"
    assert proposal.accepted_cost == 710_000_000
    # min(50% × 710M = 355M, cap 300M, allocation 270M, approved 270M)
    assert proposal.accepted_support == 270_000_000
    acceptance = Acceptance.objects.get(proposal=proposal)
    assert acceptance.files.count() == 2

    page = facility.get(detail).content.decode()
    assert "Đạt, có điều kiện" in page and "2,5 tấn/ngày" in page
    # Finance, who settles next, sees the accepted support on the page.
    page = client_for(world.users["finance"]).get(detail).content.decode()
    assert 'id="accepted-support">270.000.000 đ' in page
    actions = list(AuditLog.objects.for_object(proposal).values_list("action", flat=True))
    assert actions == [
        "proposal.start",
        "proposal.progress_report",
        "proposal.inspection",
        "proposal.change_request",
        "proposal.change_approve",
        "proposal.accept",
    ]
    # Nothing more to do for the facility; settlement is the finance officer's next step.
    assert (
        proposal.code
        not in facility.get(reverse("proposals:monitoring_facility_due")).content.decode()
    )


def test_a_cancellation_through_the_page_frees_the_allocation(world):
    proposal = in_progress_proposal(world.users["facility"])
    response = client_for(world.users["leader"]).post(
        reverse("budgets:proposal_cancel", args=[proposal.pk]),
        {"reason": "Cơ sở ngừng sản xuất."},
        follow=True,
    )
    assert "hoàn trả 300.000.000 đ" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == "cancelled" and proposal.last_reason == "Cơ sở ngừng sản xuất."
    assert Allocation.objects.get(proposal=proposal).released == 300_000_000


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_reports_racing_past_the_allocation_cannot_both_pass(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner, allocation=200_000_000)
    first, second = lines_of(proposal)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def report(line_id: int, percent: int) -> None:
        try:
            barrier.wait()
            progress_report_submit(
                proposal=Proposal.objects.get(pk=proposal.pk),
                actor=owner,
                percent_done=percent,
                work_done="Mua sắm.",
                spendings={line_id: (150_000_000, 150_000_000)},
            )
            outcomes.append("ok")
        except ServiceError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=report, args=(first.pk, 30)),
        threading.Thread(target=report, args=(second.pk, 30)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    assert any("vượt kinh phí được phân bổ" in o for o in outcomes)
    assert ProgressReport.objects.filter(proposal=proposal).count() == 1
