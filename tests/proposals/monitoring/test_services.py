"""Monitoring services: each refusal says why and writes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from budgets.models import Allocation, Confirmation, Disbursement
from budgets.services.lifecycle import change_request_approve, proposal_cancel
from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog
from proposals.models import (
    Acceptance,
    ChangeRequest,
    MonitoringFile,
    ProgressReport,
    Revision,
    SiteInspection,
)
from proposals.monitoring.services.changes import (
    LineChange,
    change_request_refuse,
    change_request_submit,
)
from proposals.monitoring.services.lifecycle import (
    AcceptanceInput,
    proposal_accept,
    proposal_start,
)
from proposals.monitoring.services.records import inspection_record, progress_report_submit
from tests.factories_monitoring import (
    approved_proposal,
    in_progress_proposal,
    lines_of,
    pdf,
    png,
)

TODAY = timezone.localdate()


def _released(proposal) -> int:
    return sum(a.released for a in Allocation.objects.filter(proposal=proposal))


def _audit_count() -> int:
    return AuditLog.objects.count()


# --- start ---------------------------------------------------------------------------------


def test_it_starts_an_approved_proposal_with_its_contract(world):
    proposal = approved_proposal(world.users["facility"])
    contract = TODAY - dt.timedelta(days=10)
    proposal_start(
        proposal=proposal,
        actor=world.users["dit"],
        contract_number="HĐ-07/2027",
        contract_date=contract,
        files=[(pdf("hop-dong.pdf"), "application/pdf")],
    )
    proposal.refresh_from_db()
    assert proposal.state == "in_progress"
    assert (proposal.contract_number, proposal.contract_date) == ("HĐ-07/2027", contract)
    assert proposal.monitoring_files.get().kind == MonitoringFile.Kind.CONTRACT
    assert AuditLog.objects.filter(action="proposal.start").count() == 1


def test_it_refuses_a_contract_dated_before_the_approval(world):
    proposal = approved_proposal(world.users["facility"])
    with pytest.raises(ServiceError, match="không được trước ngày quyết định"):
        proposal_start(
            proposal=proposal,
            actor=world.users["dit"],
            contract_number="HĐ-07",
            contract_date=proposal.decision_date - dt.timedelta(days=1),
        )
    proposal.refresh_from_db()
    assert proposal.state == "approved" and proposal.contract_number == ""


def test_only_the_dit_starts(world):
    proposal = approved_proposal(world.users["facility"])
    with pytest.raises(ServiceError, match="Vai trò của bạn"):
        proposal_start(
            proposal=proposal,
            actor=world.users["leader"],
            contract_number="HĐ-07",
            contract_date=TODAY,
        )


# --- progress reports ----------------------------------------------------------------------


def _report(proposal, owner, percent=40, spendings=None, **kwargs):
    first, second = lines_of(proposal)
    return progress_report_submit(
        proposal=proposal,
        actor=owner,
        percent_done=percent,
        work_done="Đã mua máy đóng gói.",
        spendings=spendings
        if spendings is not None
        else {first.pk: (400_000_000, 150_000_000), second.pk: (0, 0)},
        **kwargs,
    )


def test_it_records_a_progress_report_with_spending_and_files(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    report = _report(
        proposal,
        owner,
        photos=[(png(), "image/png")],
        invoices=[(pdf("hoa-don.pdf"), "application/pdf")],
    )
    assert report.number == 1
    assert report.total_spent == 400_000_000
    assert report.total_support_used == 150_000_000
    assert sorted(f.kind for f in report.files.all()) == ["invoice", "photo"]
    # Only the lines with money get a row.
    assert report.spendings.count() == 1


@pytest.mark.parametrize("percent", [101, -1])
def test_it_refuses_a_percent_outside_0_to_100(world, percent):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    before = _audit_count()
    with pytest.raises(ServiceError, match="từ 0 đến 100%"):
        _report(proposal, owner, percent=percent)
    assert ProgressReport.objects.count() == 0 and _audit_count() == before


def test_it_refuses_support_spent_beyond_the_allocation(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner, allocation=200_000_000)
    first, second = lines_of(proposal)
    _report(proposal, owner, spendings={first.pk: (300_000_000, 150_000_000)})
    with pytest.raises(ServiceError, match="vượt kinh phí được phân bổ"):
        _report(proposal, owner, percent=60, spendings={second.pk: (100_000_000, 60_000_000)})
    assert ProgressReport.objects.count() == 1


def test_it_refuses_spending_beyond_a_line_in_total(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    first, _second = lines_of(proposal)
    _report(proposal, owner, spendings={first.pk: (500_000_000, 100_000_000)})
    with pytest.raises(ServiceError, match="vượt thành tiền của dòng"):
        _report(proposal, owner, percent=50, spendings={first.pk: (100_000_001, 0)})
    assert ProgressReport.objects.count() == 1


def test_it_refuses_negative_money_and_support_above_spending(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    first, _second = lines_of(proposal)
    with pytest.raises(ServiceError, match="không được âm"):
        _report(proposal, owner, spendings={first.pk: (-1, 0)})
    with pytest.raises(ServiceError, match="không được lớn hơn số tiền đã chi"):
        _report(proposal, owner, spendings={first.pk: (10, 11)})
    assert ProgressReport.objects.count() == 0


def test_progress_never_goes_backwards(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    _report(proposal, owner, percent=50, spendings={})
    with pytest.raises(ServiceError, match="không được thấp hơn lần báo cáo trước"):
        _report(proposal, owner, percent=40, spendings={})


def test_another_facility_cannot_report(world):
    proposal = in_progress_proposal(world.users["facility"])
    with pytest.raises(ServiceError, match="không thuộc cơ sở của bạn"):
        _report(proposal, world.users["facility_other"], spendings={})


def test_no_report_before_the_work_starts(world):
    owner = world.users["facility"]
    proposal = approved_proposal(owner)
    with pytest.raises(ServiceError, match="đang thực hiện"):
        _report(proposal, owner, spendings={})


# --- inspections ---------------------------------------------------------------------------


def test_it_records_an_inspection_with_photos(world):
    proposal = in_progress_proposal(world.users["facility"])
    inspection = inspection_record(
        proposal=proposal,
        actor=world.users["dit"],
        inspected_on=TODAY,
        inspectors="Võ Thành Công, Lê Minh Tâm",
        findings="Máy đã lắp đặt.",
        follow_up_required=True,
        follow_up="Bổ sung hóa đơn.",
        photos=[(png(), "image/png")],
    )
    assert inspection.files.count() == 1
    assert world.users["facility"].notifications.filter(subject__contains="kiểm tra").exists()


def test_an_inspection_needing_follow_up_says_what(world):
    proposal = in_progress_proposal(world.users["facility"])
    with pytest.raises(ServiceError, match="cần khắc phục"):
        inspection_record(
            proposal=proposal,
            actor=world.users["dit"],
            inspected_on=TODAY,
            inspectors="Đoàn kiểm tra",
            findings="Chưa lắp máy.",
            follow_up_required=True,
        )
    assert SiteInspection.objects.count() == 0


# --- change requests -----------------------------------------------------------------------


def _lower_first_line(proposal, support=200_000_000, unit_price=500_000_000):
    first, _second = lines_of(proposal)
    return {first.pk: LineChange(Decimal(1), unit_price, support)}


def test_a_change_lowering_the_support_releases_exactly_the_difference(world):
    owner, dit = world.users["facility"], world.users["dit"]
    proposal = in_progress_proposal(owner)
    request = change_request_submit(
        proposal=proposal,
        actor=owner,
        reason="Giá máy giảm.",
        lines=_lower_first_line(proposal),
    )
    assert (request.support_before, request.support_after) == (300_000_000, 250_000_000)
    revisions = Revision.objects.filter(proposal=proposal).count()
    change_request_approve(change_request=request, actor=dit, note="Đồng ý.")
    proposal.refresh_from_db()
    request.refresh_from_db()
    assert proposal.approved_amount == 250_000_000
    assert proposal.total_cost == 700_000_000
    assert proposal.requested_support == 250_000_000
    assert proposal.counterpart == 450_000_000
    assert request.released == 50_000_000
    assert _released(proposal) == 50_000_000
    assert Revision.objects.filter(proposal=proposal).count() == revisions + 1
    assert request.revision.reason == "change_approved"
    assert request.before["fields"]["requested_support"] == 300_000_000
    assert request.revision.data["fields"]["requested_support"] == 250_000_000


def test_a_change_never_releases_below_the_new_support(world):
    # The allocation covered only 280M of the 300M approved: lowering the support to 250M
    # gives back 30M, so that what stays allocated still covers the new support.
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner, allocation=280_000_000)
    request = change_request_submit(
        proposal=proposal, actor=owner, reason="Giá máy giảm.", lines=_lower_first_line(proposal)
    )
    change_request_approve(change_request=request, actor=world.users["dit"])
    request.refresh_from_db()
    assert request.released == 30_000_000 == _released(proposal)


def test_a_change_raising_the_support_beyond_the_rule_is_refused(world):
    owner = world.users["facility"]
    # Approved 300M on 800M of cost; lowering the cost to 500M caps support at 250M (50%).
    proposal = in_progress_proposal(owner)
    first, _second = lines_of(proposal)
    with pytest.raises(ServiceError, match="vượt mức hỗ trợ"):
        change_request_submit(
            proposal=proposal,
            actor=owner,
            reason="Đổi máy rẻ hơn.",
            lines={first.pk: LineChange(Decimal(1), 300_000_000, 250_000_000)},
        )
    assert ChangeRequest.objects.count() == 0


def test_a_change_raising_the_support_above_the_approved_amount_is_refused(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner, approved_amount=250_000_000, allocation=250_000_000)
    first, _second = lines_of(proposal)
    with pytest.raises(ServiceError, match="vượt kinh phí đã được phê duyệt"):
        change_request_submit(
            proposal=proposal,
            actor=owner,
            reason="Tăng hỗ trợ.",
            lines={first.pk: LineChange(Decimal(1), 600_000_000, 260_000_000)},
        )


def test_a_schedule_change_keeps_the_money_and_moves_the_end(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    new_end = proposal.end_date + dt.timedelta(days=60)
    request = change_request_submit(
        proposal=proposal, actor=owner, reason="Thiết bị về chậm.", new_end_date=new_end
    )
    change_request_approve(change_request=request, actor=world.users["dit"])
    proposal.refresh_from_db()
    assert proposal.end_date == new_end and proposal.approved_amount == 300_000_000
    assert _released(proposal) == 0


def test_a_refused_change_changes_nothing(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    request = change_request_submit(
        proposal=proposal, actor=owner, reason="Giá giảm.", lines=_lower_first_line(proposal)
    )
    with pytest.raises(ServiceError, match="lý do"):
        change_request_refuse(change_request=request, actor=world.users["dit"], note="  ")
    change_request_refuse(change_request=request, actor=world.users["dit"], note="Không đủ căn cứ.")
    proposal.refresh_from_db()
    assert proposal.approved_amount == 300_000_000 and _released(proposal) == 0
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.REFUSED


def test_one_pending_change_at_a_time(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    change_request_submit(
        proposal=proposal,
        actor=owner,
        reason="Lùi hạn.",
        new_end_date=proposal.end_date + dt.timedelta(days=5),
    )
    with pytest.raises(ServiceError, match="chờ xem xét"):
        change_request_submit(
            proposal=proposal,
            actor=owner,
            reason="Lùi nữa.",
            new_end_date=proposal.end_date + dt.timedelta(days=9),
        )


def test_an_empty_change_is_refused(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    with pytest.raises(ServiceError, match="chưa thay đổi"):
        change_request_submit(proposal=proposal, actor=owner, reason="Không đổi gì.")


def test_a_change_below_what_was_paid_is_refused_when_decided(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    request = change_request_submit(
        proposal=proposal, actor=owner, reason="Giá giảm.", lines=_lower_first_line(proposal)
    )
    allocation = Allocation.objects.get(proposal=proposal)
    Disbursement.objects.create(
        allocation=allocation,
        kind="advance",
        amount=280_000_000,
        voucher_number="UNC-9",
        voucher_date=TODAY,
        status=Confirmation.CONFIRMED,
        recorded_by=world.users["finance"],
    )
    with pytest.raises(ServiceError, match="thấp hơn số đã giải ngân"):
        change_request_approve(change_request=request, actor=world.users["dit"])
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.PENDING


# --- acceptance ----------------------------------------------------------------------------


def _acceptance(proposal, **overrides):
    first, second = lines_of(proposal)
    data = {
        "accepted_on": TODAY,
        "members": "Sở Công Thương, UBND huyện Long Hồ, cơ sở",
        "result": Acceptance.Result.PASS,
        "line_amounts": {first.pk: 580_000_000, second.pk: 200_000_000},
        "jobs_achieved": 12,
        "capacity_achieved": "2,5 tấn/ngày",
        "revenue_achieved": 600_000_000,
    }
    data.update(overrides)
    return AcceptanceInput(**data)


def test_it_accepts_with_the_support_capped_by_rule_allocation_and_approval(world):
    proposal = in_progress_proposal(world.users["facility"], allocation=280_000_000)
    acceptance = proposal_accept(
        proposal=proposal,
        actor=world.users["dit"],
        data=_acceptance(proposal),
        minutes=[(pdf(), "application/pdf")],
        invoices=[(pdf("hoa-don.pdf"), "application/pdf")],
    )
    proposal.refresh_from_db()
    assert proposal.state == "accepted"
    assert proposal.accepted_cost == 780_000_000
    # 50% of 780M = 390M, cap 300M, approved 300M, allocation 280M: the allocation wins.
    assert proposal.accepted_support == 280_000_000 == acceptance.accepted_support
    assert acceptance.lines.count() == 2
    assert sorted(f.kind for f in acceptance.files.all()) == ["invoice", "minutes"]


def test_it_refuses_an_accepted_support_above_a_cap(world):
    proposal = in_progress_proposal(world.users["facility"])
    with pytest.raises(ServiceError, match="Mức hỗ trợ tối đa"):
        proposal_accept(
            proposal=proposal,
            actor=world.users["dit"],
            # 50% of 400M = 200M < 250M asked
            data=_acceptance(
                proposal,
                line_amounts={lines_of(proposal)[0].pk: 400_000_000},
                accepted_support=250_000_000,
            ),
            minutes=[(pdf(), "application/pdf")],
        )
    proposal.refresh_from_db()
    assert proposal.state == "in_progress" and proposal.accepted_support is None


def test_it_refuses_an_acceptance_dated_before_the_contract(world):
    proposal = in_progress_proposal(world.users["facility"])
    before = _audit_count()
    with pytest.raises(ServiceError, match="không được trước ngày hợp đồng"):
        proposal_accept(
            proposal=proposal,
            actor=world.users["dit"],
            data=_acceptance(proposal, accepted_on=proposal.contract_date - dt.timedelta(days=1)),
            minutes=[(pdf(), "application/pdf")],
        )
    assert Acceptance.objects.count() == 0 and MonitoringFile.objects.count() == 0
    assert _audit_count() == before
    proposal.refresh_from_db()
    assert proposal.state == "in_progress"


def test_it_refuses_an_accepted_cost_above_the_estimate(world):
    proposal = in_progress_proposal(world.users["facility"])
    first, second = lines_of(proposal)
    with pytest.raises(ServiceError, match="vượt dự toán của dòng"):
        proposal_accept(
            proposal=proposal,
            actor=world.users["dit"],
            data=_acceptance(proposal, line_amounts={first.pk: 600_000_001, second.pk: 0}),
            minutes=[(pdf(), "application/pdf")],
        )
    assert Acceptance.objects.count() == 0
    proposal.refresh_from_db()
    assert proposal.accepted_cost is None


def test_acceptance_needs_its_minutes(world):
    proposal = in_progress_proposal(world.users["facility"])
    with pytest.raises(ServiceError, match="biên bản nghiệm thu"):
        proposal_accept(
            proposal=proposal, actor=world.users["dit"], data=_acceptance(proposal), minutes=[]
        )


def test_a_failed_acceptance_is_kept_and_the_work_stays_open(world):
    proposal = in_progress_proposal(world.users["facility"])
    acceptance = proposal_accept(
        proposal=proposal,
        actor=world.users["dit"],
        data=_acceptance(proposal, result=Acceptance.Result.FAIL, conditions="Máy chưa chạy."),
        minutes=[(pdf(), "application/pdf")],
    )
    proposal.refresh_from_db()
    assert proposal.state == "in_progress" and acceptance.accepted_support == 0
    assert proposal.accepted_support is None
    assert AuditLog.objects.filter(action="proposal.acceptance_failed").count() == 1


# --- cancellation --------------------------------------------------------------------------


def test_cancelling_frees_the_unspent_allocation(world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    allocation = Allocation.objects.get(proposal=proposal)
    pending = change_request_submit(
        proposal=proposal,
        actor=owner,
        reason="Lùi hạn.",
        new_end_date=proposal.end_date + dt.timedelta(days=9),
    )
    locked, released = proposal_cancel(
        proposal=proposal, actor=world.users["leader"], reason="Cơ sở ngừng sản xuất."
    )
    assert locked.state == "cancelled" and released == 300_000_000
    allocation.refresh_from_db()
    assert allocation.released == 300_000_000
    pending.refresh_from_db()
    assert pending.status == ChangeRequest.Status.REFUSED


def _disbursed(allocation, kind, amount, voucher, recorder):
    return Disbursement.objects.create(
        allocation=allocation,
        kind=kind,
        amount=amount,
        voucher_number=voucher,
        voucher_date=TODAY,
        status=Confirmation.CONFIRMED,
        recorded_by=recorder,
    )


def test_cancelling_after_an_advance_requires_its_recovery_first(world):
    proposal = in_progress_proposal(world.users["facility"])
    allocation = Allocation.objects.get(proposal=proposal)
    _disbursed(allocation, "advance", 90_000_000, "UNC-1", world.users["dit"])
    with pytest.raises(
        ServiceError,
        match=r"Đề án đã được giải ngân 90.000.000 đ, đã thu hồi 0 đ: cần ghi nhận thu hồi tạm "
        r"ứng 90.000.000 đ \(được Sở Tài chính xác nhận\) trước khi hủy đề án",
    ):
        proposal_cancel(proposal=proposal, actor=world.users["leader"], reason="Ngừng sản xuất.")
    proposal.refresh_from_db()
    assert proposal.state == "in_progress" and _released(proposal) == 0

    _disbursed(allocation, "recovery", 90_000_000, "TH-1", world.users["dit"])
    locked, released = proposal_cancel(
        proposal=proposal, actor=world.users["leader"], reason="Ngừng sản xuất."
    )
    assert locked.state == "cancelled" and released == 300_000_000


def test_cancelling_needs_a_reason_and_the_leader(world):
    proposal = approved_proposal(world.users["facility"])
    with pytest.raises(ServiceError, match="lý do"):
        proposal_cancel(proposal=proposal, actor=world.users["leader"], reason=" ")
    with pytest.raises(ServiceError, match="Vai trò của bạn"):
        proposal_cancel(proposal=proposal, actor=world.users["dit"], reason="Hủy.")
    assert _released(proposal) == 0
