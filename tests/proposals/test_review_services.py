"""Hand-written cases for the requirements of each review and decision action."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog, Notification
from proposals.models import Appraisal, Proposal, State
from proposals.services.review import (
    BulkApprovalError,
    proposal_approve,
    proposal_forward,
    proposal_reject,
    proposal_request_info,
    proposal_return,
    proposals_approve_bulk,
)
from tests.factories import CouncilFactory
from tests.factories_review import appraised, proposal_in, with_council, with_rule

TODAY = timezone.localdate


@pytest.fixture
def submitted(world):
    return proposal_in("submitted", facility=world.users["facility"].facility)


def test_it_requires_a_reason_to_return(world, submitted):
    with pytest.raises(ServiceError, match="lý do"):
        proposal_return(proposal=submitted, actor=world.users["district"], reason="   ")
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_a_returned_proposal_tells_the_facility_why(
    world, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal_return(
            proposal=submitted, actor=world.users["district"], reason="Thiếu báo giá thứ hai."
        )
    submitted.refresh_from_db()
    assert submitted.state == State.RETURNED
    assert submitted.last_reason == "Thiếu báo giá thứ hai."
    note = Notification.objects.get(recipient=world.users["facility"])
    assert note.url == f"/proposals/{submitted.pk}/"
    assert "Thiếu báo giá thứ hai." in note.body
    assert any(world.users["facility"].email in m.to for m in mail.outbox)


def test_forward_records_opinion_and_rank(world, submitted):
    proposal_forward(
        proposal=submitted, actor=world.users["district"], opinion="Đồng ý", priority=3
    )
    submitted.refresh_from_db()
    assert (submitted.state, submitted.district_opinion, submitted.district_priority) == (
        State.FORWARDED,
        "Đồng ý",
        3,
    )
    # The DIT and the facility are told.
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {"dit", "owner"} <= recipients


def test_forward_requires_an_opinion_and_a_positive_rank(world, submitted):
    with pytest.raises(ServiceError, match="ý kiến"):
        proposal_forward(proposal=submitted, actor=world.users["district"], opinion="", priority=1)
    with pytest.raises(ServiceError, match="Thứ tự"):
        proposal_forward(
            proposal=submitted, actor=world.users["district"], opinion="Đồng ý", priority=0
        )


def test_a_rank_is_unique_within_the_district_and_plan_year(world, submitted):
    facility = world.users["facility"].facility
    proposal_in("forwarded", facility=facility, district_priority=1, code="KC-2027-7777")
    with pytest.raises(ServiceError, match="KC-2027-7777"):
        proposal_forward(
            proposal=submitted, actor=world.users["district"], opinion="Đồng ý", priority=1
        )
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_the_same_rank_is_free_in_another_year_district_or_for_a_rejected_one(world, submitted):
    facility = world.users["facility"].facility
    proposal_in("forwarded", facility=facility, district_priority=1, plan_year=2026)
    proposal_in("rejected", facility=facility, district_priority=1)
    proposal_in("forwarded", facility=world.users["facility_other"].facility, district_priority=1)
    proposal_forward(
        proposal=submitted, actor=world.users["district"], opinion="Đồng ý", priority=1
    )
    submitted.refresh_from_db()
    assert submitted.state == State.FORWARDED


def test_reject_keeps_the_reason_and_notifies_the_facility(world, submitted):
    proposal_reject(proposal=submitted, actor=world.users["district"], reason="Trùng lặp.")
    submitted.refresh_from_db()
    assert submitted.state == State.REJECTED and submitted.last_reason == "Trùng lặp."
    assert Notification.objects.filter(recipient=world.users["facility"]).exists()


def test_request_info_goes_back_to_the_facility_and_the_district_sees_it(world):
    proposal = proposal_in("forwarded", facility=world.users["facility"].facility)
    proposal_request_info(proposal=proposal, actor=world.users["dit"], reason="Bổ sung BCTC.")
    proposal.refresh_from_db()
    assert proposal.state == State.RETURNED
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {"owner", "officer"} <= recipients
    assert "officer2" not in recipients


def test_request_info_during_appraisal_stops_the_round(world):
    proposal = proposal_in("under_appraisal", facility=world.users["facility"].facility)
    appraisal = with_council(proposal, scored=1)
    proposal_request_info(proposal=proposal, actor=world.users["dit"], reason="Bổ sung.")
    appraisal.refresh_from_db()
    assert appraisal.closed_at is not None and not appraisal.is_open


def _approve(proposal: Proposal, leader, amount: int, day: dt.date | None = None) -> Proposal:
    return proposal_approve(
        proposal=proposal,
        actor=leader,
        approved_amount=amount,
        plan_year=2027,
        decision_number="25/QĐ-SCT",
        decision_date=day or TODAY(),
    )


def test_approve_records_the_decision(world):
    proposal = appraised(facility=world.users["facility"].facility)
    _approve(proposal, world.users["leader"], 250_000_000)
    proposal.refresh_from_db()
    assert proposal.state == State.APPROVED
    assert proposal.approved_amount == 250_000_000
    assert (proposal.decision_number, proposal.decision_date) == ("25/QĐ-SCT", TODAY())
    entry = AuditLog.objects.for_object(proposal).get(action="proposal.approve")
    assert entry.after["approved_amount"] == 250_000_000


def test_approve_rechecks_the_support_rule_on_the_server(world):
    # 50 % of 500 million = 250 million < the 300 million cap.
    proposal = proposal_in(
        "appraised",
        facility=world.users["facility"].facility,
        total_cost=500_000_000,
        requested_support=280_000_000,
    )
    with_rule(proposal)
    with pytest.raises(ServiceError, match="vượt mức hỗ trợ tối đa"):
        _approve(proposal, world.users["leader"], 260_000_000)
    proposal.refresh_from_db()
    assert proposal.state == State.APPRAISED and proposal.approved_amount is None
    _approve(proposal, world.users["leader"], 250_000_000)


def test_a_complete_production_line_raises_the_cap(world):
    proposal = proposal_in(
        "appraised",
        facility=world.users["facility"].facility,
        total_cost=1_000_000_000,
        requested_support=450_000_000,
        is_production_line=True,
    )
    with_rule(proposal)  # cap 300 million × 1.5
    _approve(proposal, world.users["leader"], 450_000_000)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.approved_amount) == (State.APPROVED, 450_000_000)


def test_approve_never_exceeds_the_requested_support(world):
    proposal = appraised(facility=world.users["facility"].facility)  # requested 300 million
    with pytest.raises(ServiceError, match="vượt kinh phí cơ sở đề nghị"):
        _approve(proposal, world.users["leader"], 300_000_001)


def test_approve_refuses_without_an_applicable_rule(world):
    proposal = proposal_in("appraised", facility=world.users["facility"].facility)
    with pytest.raises(ServiceError, match="Chưa có mức hỗ trợ"):
        _approve(proposal, world.users["leader"], 100_000_000)


def test_the_rule_in_force_on_the_submission_date_applies_not_the_decision_date(world):
    # Issue 17 item 6: a rule that ended after the proposal was submitted still governs it.
    proposal = proposal_in(
        "appraised",
        facility=world.users["facility"].facility,
        submitted_at=timezone.now() - dt.timedelta(days=40),
    )
    with_rule(proposal, valid_to=TODAY() - dt.timedelta(days=30))
    _approve(proposal, world.users["leader"], 100_000_000)
    proposal.refresh_from_db()
    assert proposal.approved_amount == 100_000_000


def test_a_rule_that_ended_before_the_submission_date_does_not_apply(world):
    proposal = proposal_in("appraised", facility=world.users["facility"].facility)
    with_rule(proposal, valid_to=TODAY() - dt.timedelta(days=30))
    with pytest.raises(ServiceError, match="Chưa có mức hỗ trợ .* vào ngày"):
        _approve(proposal, world.users["leader"], 100_000_000)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("decision_number", "  ", "số quyết định"),
        ("approved_amount", 0, "lớn hơn 0"),
        ("plan_year", 1999, "Năm kế hoạch"),
        ("decision_date", TODAY() + dt.timedelta(days=1), "sau ngày hôm nay"),
    ],
)
def test_approve_requires_each_decision_field(world, field, value, message):
    proposal = appraised(facility=world.users["facility"].facility)
    data = dict(
        approved_amount=200_000_000,
        plan_year=2027,
        decision_number="1/QĐ",
        decision_date=TODAY(),
    )
    data[field] = value
    with pytest.raises(ServiceError, match=message):
        proposal_approve(proposal=proposal, actor=world.users["leader"], **data)


def test_bulk_approval_approves_all_under_one_decision(world):
    proposals = [appraised(facility=world.users["facility"].facility) for _ in range(3)]
    done = proposals_approve_bulk(
        proposals=proposals,
        actor=world.users["leader"],
        plan_year=2027,
        decision_number="99/QĐ-SCT",
        decision_date=TODAY(),
    )
    assert len(done) == 3
    for proposal in proposals:
        proposal.refresh_from_db()
        assert proposal.state == State.APPROVED
        assert proposal.decision_number == "99/QĐ-SCT"
        assert proposal.approved_amount == 250_000_000  # the recommendation


def test_bulk_approval_is_all_or_nothing_with_errors_per_proposal(
    world, django_capture_on_commit_callbacks
):
    good = appraised(facility=world.users["facility"].facility)
    no_rule = proposal_in(
        "appraised", facility=world.users["facility"].facility, recommended_amount=100_000_000
    )
    already = proposal_in(
        "approved", facility=world.users["facility"].facility, recommended_amount=100_000_000
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(BulkApprovalError) as err:
        proposals_approve_bulk(
            proposals=[good, no_rule, already],
            actor=world.users["leader"],
            plan_year=2027,
            decision_number="99/QĐ-SCT",
            decision_date=TODAY(),
        )
    assert set(err.value.errors) == {no_rule.pk, already.pk}
    assert "Chưa có mức hỗ trợ" in err.value.errors[no_rule.pk]
    assert "Đã phê duyệt" in err.value.errors[already.pk]
    good.refresh_from_db()
    assert good.state == State.APPRAISED and good.approved_amount is None
    assert not AuditLog.objects.filter(action="proposal.approve").exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_bulk_approval_needs_a_selection(world):
    with pytest.raises(ServiceError, match="ít nhất một"):
        proposals_approve_bulk(
            proposals=[],
            actor=world.users["leader"],
            plan_year=2027,
            decision_number="1",
            decision_date=TODAY(),
        )


def test_start_appraisal_notifies_the_council_members(world):
    from proposals.services.appraisal import appraisal_start

    proposal = proposal_in("forwarded", facility=world.users["facility"].facility)
    other = CouncilFactory(username="member2")
    appraisal_start(
        proposal=proposal, actor=world.users["dit"], members=[world.users["council"], other]
    )
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {"council", "member2", "owner"} <= recipients
    assert Appraisal.objects.get(proposal=proposal).sheets.count() == 2
