"""The annual plan is approved: the DIT submits a year's aggregated plan, the leader approves it
with a decision (freezing its figures and annex) or returns it with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog, Notification
from proposals.models import Proposal
from reports.documents import annual_plan
from reports.models import PlanApproval
from reports.services.plan import plan_aggregate
from reports.services.plan_approval import plan_approve, plan_return, plan_submit
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db

YEAR = 2027


def approved_proposal(world, code: str, amount: int):
    return ProposalFactory(
        facility=world.users["facility"].facility,
        created_by=world.users["facility"],
        state="approved",
        plan_year=YEAR,
        code=code,
        approved_amount=amount,
    )


def submitted(world) -> PlanApproval:
    plan_aggregate(year=YEAR, triggered_by=world.users["dit"])
    return plan_submit(year=YEAR, actor=world.users["dit"])


def test_the_dit_submits_the_latest_aggregation_and_the_leader_is_told(world):
    approval = submitted(world)
    assert approval.status == PlanApproval.Status.SUBMITTED
    assert approval.submitted_by == world.users["dit"]
    note = Notification.objects.get(recipient=world.users["leader"])
    assert note.subject == "Kế hoạch khuyến công năm 2027 chờ phê duyệt"
    assert AuditLog.objects.filter(action="plan.submit", object_id=str(approval.pk)).exists()


def test_a_year_never_aggregated_cannot_be_submitted(world):
    with pytest.raises(ServiceError, match="chưa được tổng hợp"):
        plan_submit(year=YEAR, actor=world.users["dit"])
    assert not PlanApproval.objects.exists()


def test_a_plan_waiting_for_the_leader_cannot_be_submitted_twice(world):
    submitted(world)
    with pytest.raises(ServiceError, match="đang chờ lãnh đạo phê duyệt"):
        plan_submit(year=YEAR, actor=world.users["dit"])
    assert PlanApproval.objects.count() == 1


def test_only_the_dit_submits_and_only_the_leader_decides(world):
    with pytest.raises(ServiceError, match="Chỉ chuyên viên Sở Công Thương"):
        plan_submit(year=YEAR, actor=world.users["leader"])
    approval = submitted(world)
    with pytest.raises(ServiceError, match="Chỉ lãnh đạo Sở Công Thương"):
        plan_approve(
            approval_id=approval.pk,
            actor=world.users["dit"],
            decision_number="1/QĐ-SCT",
            decision_date=timezone.localdate(),
        )
    approval.refresh_from_db()
    assert approval.status == PlanApproval.Status.SUBMITTED


def test_approval_freezes_the_figures_and_the_annex(world):
    first = approved_proposal(world, "KC-2027-0001", 150_000_000)
    Proposal.objects.filter(pk=first.pk).update(decision_date=dt.date(2026, 11, 2))
    approval = submitted(world)
    plan_approve(
        approval_id=approval.pk,
        actor=world.users["leader"],
        decision_number=" 15/QĐ-SCT ",
        decision_date=timezone.localdate(),
    )
    approval.refresh_from_db()
    assert approval.status == PlanApproval.Status.APPROVED
    assert approval.decision_number == "15/QĐ-SCT"
    assert [row["code"] for row in approval.annex] == ["KC-2027-0001"]
    # A proposal approved afterwards and a new aggregation change neither the approved plan's
    # figures nor its annex.
    approved_proposal(world, "KC-2027-0002", 90_000_000)
    plan_aggregate(year=YEAR, triggered_by=world.users["dit"])
    ctx = annual_plan.context(year=YEAR)
    assert [row["code"] for row in ctx["annex"]] == ["KC-2027-0001"]
    assert ctx["annex"][0]["decision_date"] == dt.date(2026, 11, 2)  # stored as JSON, read back
    assert ctx["snapshot"].totals["approved"] == 150_000_000
    assert ctx["snapshot"].run == approval.run
    assert ctx["approval"] == approval
    # Once approved, the year's plan is not submitted again.
    with pytest.raises(ServiceError, match="đã được phê duyệt"):
        plan_submit(year=YEAR, actor=world.users["dit"])


def test_a_decision_dated_in_the_future_or_before_the_figures_is_refused(world):
    approval = submitted(world)
    today = timezone.localdate()
    with pytest.raises(ServiceError, match=r"ở tương lai \(hôm nay là"):
        plan_approve(
            approval_id=approval.pk,
            actor=world.users["leader"],
            decision_number="1/QĐ-SCT",
            decision_date=today + dt.timedelta(days=1),
        )
    with pytest.raises(ServiceError, match="trước ngày tổng hợp số liệu được trình"):
        plan_approve(
            approval_id=approval.pk,
            actor=world.users["leader"],
            decision_number="1/QĐ-SCT",
            decision_date=today - dt.timedelta(days=1),
        )
    approval.refresh_from_db()
    assert approval.status == PlanApproval.Status.SUBMITTED
    assert not AuditLog.objects.filter(action="plan.approve").exists()


def test_a_returned_plan_says_why_and_can_be_submitted_again(world):
    approval = submitted(world)
    with pytest.raises(ServiceError, match="nêu lý do"):
        plan_return(approval_id=approval.pk, actor=world.users["leader"], reason="  ")
    plan_return(approval_id=approval.pk, actor=world.users["leader"], reason="Thiếu địa bàn X.")
    approval.refresh_from_db()
    assert approval.status == PlanApproval.Status.RETURNED
    note = Notification.objects.get(recipient=world.users["dit"], subject__contains="bị trả lại")
    assert note.body == "Lý do: Thiếu địa bàn X."
    again = plan_submit(year=YEAR, actor=world.users["dit"])
    assert again.status == PlanApproval.Status.SUBMITTED
    with pytest.raises(ServiceError, match="không còn chờ phê duyệt"):
        plan_approve(
            approval_id=approval.pk,
            actor=world.users["leader"],
            decision_number="1/QĐ-SCT",
            decision_date=timezone.localdate(),
        )


def plan_page(client, user):
    client.force_login(user)
    return client.get(reverse("reports:plan"), {"year": YEAR}).content.decode()


def test_the_plan_page_walks_the_approval_through(client, world):
    plan_aggregate(year=YEAR, triggered_by=world.users["dit"])
    assert "Trình lãnh đạo phê duyệt" in plan_page(client, world.users["dit"])
    response = client.post(reverse("reports:plan_submit"), {"year": YEAR}, follow=True)
    assert "Đã trình lãnh đạo kế hoạch năm 2027." in response.content.decode()

    page = plan_page(client, world.users["leader"])
    assert "Chờ lãnh đạo phê duyệt" in page
    assert "Phê duyệt kế hoạch" in page and "Trả lại để hoàn thiện" in page
    # The decision date is pre-filled as dd/mm/yyyy, the way it is typed.
    assert timezone.localdate().strftime("%d/%m/%Y") in page
    approval = PlanApproval.objects.get()
    bad = client.post(
        reverse("reports:plan_approve", args=[approval.pk]),
        {"decision_number": "7/QĐ-SCT", "decision_date": "31/02/2026"},
        follow=True,
    )
    assert "Nhập ngày theo dạng ngày/tháng/năm" in bad.content.decode()
    approval.refresh_from_db()
    assert approval.status == PlanApproval.Status.SUBMITTED

    today = timezone.localdate().strftime("%d/%m/%Y")
    client.post(
        reverse("reports:plan_approve", args=[approval.pk]),
        {"decision_number": "7/QĐ-SCT", "decision_date": today},
    )
    page = plan_page(client, world.users["finance"])
    assert f"Quyết định số 7/QĐ-SCT ngày {today}" in page
    assert "Tải kế hoạch (PDF)" in page and "Tải kế hoạch (Excel)" in page


def test_the_approved_plan_pdf_cites_its_decision(world):
    from reports.documents import render
    from tests.reports.conftest import pdf_text

    approval = submitted(world)
    plan_approve(
        approval_id=approval.pk,
        actor=world.users["leader"],
        decision_number="21/QĐ-SCT",
        decision_date=timezone.localdate(),
    )
    text = pdf_text(render("annual-plan", {"year": YEAR}, "pdf").content)
    day = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Ban hành kèm theo Quyết định số 21/QĐ-SCT ngày {day}" in text
