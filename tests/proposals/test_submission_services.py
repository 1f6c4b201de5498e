"""The submission services: totals, the submission check, codes, revisions, withdrawal."""

import pytest
from django.core import mail

from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog, Notification
from proposals.models import Attachment, Revision
from proposals.services.submission import (
    SubmissionRefused,
    costline_add,
    costline_remove,
    costline_update,
    proposal_create,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
)
from tests.factories import ActivityTypeFactory
from tests.factories_submission import complete_draft, machinery, provincial


def test_a_draft_saves_with_partial_data_and_is_audited(world):
    owner = world.users["facility"]
    proposal = proposal_create(actor=owner, data={"title": "Máy sấy"})
    assert proposal.state == "draft" and proposal.code is None
    assert proposal.facility == owner.facility
    assert AuditLog.objects.for_object(proposal).get().action == "proposal.create"


def test_only_a_facility_creates_proposals(world):
    with pytest.raises(ServiceError, match="Chỉ tài khoản cơ sở mới lập được đề án"):
        proposal_create(actor=world.users["district"], data={"title": "x"})


def test_cost_lines_compute_amounts_and_totals_server_side(world):
    owner = world.users["facility"]
    proposal = proposal_create(actor=owner, data={})
    line = costline_add(
        actor=owner,
        proposal=proposal,
        content="Máy",
        unit="máy",
        quantity="2.5",
        unit_price=333_333_333,
        requested_support=300_000_000,
    )
    assert line.amount == 833_333_333  # 2.5 × 333.333.333 rounded half up
    assert line.counterpart == 533_333_333
    costline_add(
        actor=owner,
        proposal=proposal,
        content="Lắp đặt",
        unit="gói",
        quantity=1,
        unit_price=10_000_000,
        requested_support=0,
        counterpart=10_000_000,
    )
    proposal.refresh_from_db()
    assert (proposal.total_cost, proposal.requested_support, proposal.counterpart) == (
        843_333_333,
        300_000_000,
        543_333_333,
    )
    costline_update(
        actor=owner,
        line=line,
        content="Máy",
        unit="máy",
        quantity=1,
        unit_price=100,
        requested_support=50,
    )
    costline_remove(actor=owner, line=proposal.lines.get(content="Lắp đặt"))
    proposal.refresh_from_db()
    assert (proposal.total_cost, proposal.requested_support, proposal.counterpart) == (100, 50, 50)


@pytest.mark.parametrize(
    ("quantity", "price", "support", "counterpart", "message"),
    [
        (1, 100, 200, None, "không được lớn hơn thành tiền"),
        (1, 100, 50, 10, "phải bằng thành tiền"),
        (-1, 100, 0, None, "Số lượng phải lớn hơn 0"),
        (1, -5, 0, None, "Đơn giá phải là số tiền từ 0"),
        (1, 10**20, 0, None, "Đơn giá phải là số tiền từ 0"),
        (10**8, 10**14, 0, None, "vượt mức cho phép"),
        ("abc", 100, 0, None, "Số lượng phải là một số"),
    ],
)
def test_bad_line_numbers_are_refused_with_a_message(
    world, quantity, price, support, counterpart, message
):
    owner = world.users["facility"]
    proposal = proposal_create(actor=owner, data={})
    with pytest.raises(ServiceError, match=message) as error:
        costline_add(
            actor=owner,
            proposal=proposal,
            content="Máy",
            unit="máy",
            quantity=quantity,
            unit_price=price,
            requested_support=support,
            counterpart=counterpart,
        )
    assert message in error.value.message
    assert not proposal.lines.exists()


def test_submission_lists_every_problem_at_once(world):
    owner = world.users["facility"]
    proposal = proposal_create(
        actor=owner, data={"title": "Thiếu nhiều thứ", "activity_type": machinery()}
    )
    with pytest.raises(SubmissionRefused) as refusal:
        proposal_submit(actor=owner, proposal=proposal)
    problems = " | ".join(refusal.value.problems)
    for expected in (
        "Nguồn kinh phí",
        "Năm kế hoạch",
        "Sự cần thiết",
        "Chưa có dòng dự toán",
        "giấy chứng nhận đăng ký kinh doanh",
        "Cần ít nhất 3 báo giá",
    ):
        assert expected in problems
    proposal.refresh_from_db()
    assert proposal.state == "draft" and proposal.code is None


def test_submission_refuses_dates_in_the_wrong_order_and_a_past_plan_year(world):
    owner = world.users["facility"]
    proposal = complete_draft(owner)
    proposal.plan_year = 2020
    proposal.end_date = proposal.start_date.replace(month=1)
    proposal.save()
    with pytest.raises(SubmissionRefused) as refusal:
        proposal_submit(actor=owner, proposal=proposal)
    problems = " | ".join(refusal.value.problems)
    assert "kết thúc phải sau" in problems and "2020 đã qua" in problems


def test_support_over_the_cap_is_refused_with_the_numbers(world):
    owner = world.users["facility"]
    proposal = complete_draft(owner, support=400_000_000)
    with pytest.raises(SubmissionRefused) as refusal:
        proposal_submit(actor=owner, proposal=proposal)
    (problem,) = refusal.value.problems
    assert "400.000.000 đ" in problem and "300.000.000 đ" in problem
    assert "Thông tư 28/2018/TT-BTC" in problem


def test_the_production_line_multiplier_lets_more_support_through(world):
    owner = world.users["facility"]
    proposal = complete_draft(owner, support=400_000_000)
    proposal_update(actor=owner, proposal=proposal, data={"is_production_line": True})
    proposal_submit(actor=owner, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.state == "submitted"


def test_no_rule_found_refuses_submission(world):
    owner = world.users["facility"]
    proposal = complete_draft(owner, activity_type=ActivityTypeFactory(code="khong-co-muc"))
    with pytest.raises(SubmissionRefused) as refusal:
        proposal_submit(actor=owner, proposal=proposal)
    assert any("Chưa có mức hỗ trợ" in p for p in refusal.value.problems)


def test_submitting_assigns_a_code_keeps_a_revision_and_notifies_the_district(
    world, django_capture_on_commit_callbacks
):
    owner = world.users["facility"]
    proposal = complete_draft(owner)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_submit(actor=owner, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.state == "submitted"
    assert proposal.code == f"KC-{proposal.plan_year}-0001"
    revision = Revision.objects.get(proposal=proposal)
    assert revision.reason == "submission" and revision.data["fields"]["requested_support"]
    assert len(revision.data["attachments"]) == 4
    assert AuditLog.objects.for_object(proposal).filter(action="proposal.submit").exists()
    officer = world.users["district"]
    assert Notification.objects.filter(recipient=officer).exists()
    assert not Notification.objects.filter(recipient=world.users["district_other"]).exists()
    assert any(officer.email in m.to for m in mail.outbox)


def test_resubmission_from_returned_keeps_the_code_and_adds_a_revision(world):
    owner = world.users["facility"]
    proposal = complete_draft(owner)
    proposal_submit(actor=owner, proposal=proposal)
    proposal.refresh_from_db()
    code = proposal.code
    proposal.state = "returned"
    proposal.save(update_fields=["state"])
    proposal_update(actor=owner, proposal=proposal, data={"objectives": "Bổ sung mục tiêu"})
    proposal_submit(actor=owner, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.code == code and proposal.state == "submitted"
    assert list(proposal.revisions.values_list("reason", flat=True)) == [
        "submission",
        "resubmission",
    ]


def test_codes_are_sequential_per_plan_year(world):
    owner = world.users["facility"]
    first, second = complete_draft(owner), complete_draft(owner)
    later = complete_draft(owner, plan_year=first.plan_year + 1)
    for p in (first, second, later):
        proposal_submit(actor=owner, proposal=p)
        p.refresh_from_db()
    assert [first.code[-4:], second.code[-4:], later.code[-4:]] == ["0001", "0002", "0001"]


def test_a_failed_submission_does_not_consume_a_number(world):
    owner = world.users["facility"]
    bad = complete_draft(owner, support=500_000_000)
    with pytest.raises(SubmissionRefused):
        proposal_submit(actor=owner, proposal=bad)
    good = complete_draft(owner)
    proposal_submit(actor=owner, proposal=good)
    good.refresh_from_db()
    assert good.code.endswith("-0001")


def test_nothing_is_editable_after_submission(world):
    owner = world.users["facility"]
    proposal = complete_draft(owner)
    proposal_submit(actor=owner, proposal=proposal)
    with pytest.raises(ServiceError, match="chỉ sửa được khi đang soạn"):
        proposal_update(actor=owner, proposal=proposal, data={"title": "Đổi tên"})
    with pytest.raises(ServiceError, match="chỉ sửa được khi đang soạn"):
        costline_remove(actor=owner, line=proposal.lines.first())


def test_withdrawal_needs_a_reason_and_records_it(world):
    owner = world.users["facility"]
    proposal = complete_draft(owner)
    with pytest.raises(ServiceError, match="nêu lý do rút đề án"):
        proposal_withdraw(actor=owner, proposal=proposal, reason="  ")
    proposal_withdraw(actor=owner, proposal=proposal, reason="Đổi kế hoạch")
    proposal.refresh_from_db()
    assert proposal.state == "withdrawn" and proposal.last_reason == "Đổi kế hoạch"
    entry = AuditLog.objects.for_object(proposal).get(action="proposal.withdraw")
    assert entry.note == "Đổi kế hoạch"


def test_another_facility_cannot_submit_or_edit(world):
    proposal = complete_draft(world.users["facility"])
    other = world.users["facility_other"]
    with pytest.raises(ServiceError, match="không thuộc cơ sở của bạn"):
        proposal_submit(actor=other, proposal=proposal)
    with pytest.raises(ServiceError, match="Chỉ cơ sở lập đề án mới được sửa"):
        proposal_update(actor=other, proposal=proposal, data={"title": "x"})


def test_attachments_kind_counts_only_current_files(world):
    owner = world.users["facility"]
    proposal = complete_draft(owner)
    quotation = proposal.attachments.filter(kind=Attachment.Kind.QUOTATION).first()
    quotation.replaced_by = proposal.attachments.filter(kind="registration").first()
    quotation.save()
    with pytest.raises(SubmissionRefused) as refusal:
        proposal_submit(actor=owner, proposal=proposal)
    assert any("mới có 2" in p for p in refusal.value.problems)
    assert provincial().code == "provincial"
