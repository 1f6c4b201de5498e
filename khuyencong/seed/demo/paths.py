"""The paths a demo proposal takes after submission, each through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from budgets import services as money
from budgets.models import Allocation, Disbursement
from budgets.services import lifecycle as money_lifecycle
from khuyencong.models import User
from khuyencong.seed.demo.cast import (
    APPROVAL_DECISION,
    Cast,
    M,
    Story,
    _days_ago,
    _files,
)
from proposals.models import Criterion, Proposal, ScoreSheet
from proposals.monitoring.services import changes as monitoring_changes
from proposals.monitoring.services import lifecycle as monitoring
from proposals.monitoring.services import records as monitoring_records
from proposals.services.appraisal import appraisal_conclude, appraisal_start, scoresheet_submit
from proposals.services.review import (
    proposal_approve,
    proposal_forward,
    proposal_reject,
    proposal_return,
)
from proposals.services.submission import (
    costline_add,
    costline_update,
    proposal_submit,
    proposal_withdraw,
)


def returned(p: Proposal, cast: Cast, story: Story) -> None:
    proposal_return(
        proposal=p,
        actor=cast.officer_of(p.created_by),
        reason="Bổ sung báo giá thứ ba và bản vẽ mặt bằng lắp đặt thiết bị.",
    )


def resubmitted(p: Proposal, cast: Cast, story: Story) -> None:
    returned(p, cast, story)
    owner = p.created_by
    line = p.lines.order_by("position").first()
    costline_update(
        actor=owner,
        line=line,
        content=line.content,
        unit=line.unit,
        quantity=line.quantity,
        unit_price=line.unit_price - 40 * M,
        requested_support=line.requested_support - 20 * M,
    )
    costline_add(
        actor=owner,
        proposal=p,
        content="Lắp đặt, chạy thử",
        unit="gói",
        quantity=1,
        unit_price=40 * M,
        requested_support=20 * M,
    )
    proposal_submit(actor=owner, proposal=p)


def withdrawn(p: Proposal, cast: Cast, story: Story) -> None:
    proposal_withdraw(
        actor=p.created_by,
        proposal=p,
        reason="Cơ sở tạm hoãn đầu tư do thay đổi kế hoạch sản xuất.",
    )


def rejected(p: Proposal, cast: Cast, story: Story) -> None:
    proposal_reject(
        proposal=p,
        actor=cast.officer_of(p.created_by),
        reason="Nội dung không thuộc ngành nghề ưu tiên hỗ trợ của địa phương.",
    )


def forwarded(p: Proposal, cast: Cast, story: Story) -> None:
    # Ranks are numbered within the reviewing unit and the plan year.
    rank = Proposal.objects.filter(
        locality_id=p.locality_id, plan_year=p.plan_year, district_priority__isnull=False
    ).count()
    proposal_forward(
        proposal=p,
        actor=cast.officer_of(p.created_by),
        opinion="Cơ sở hoạt động ổn định, đề án phù hợp quy hoạch; đề nghị Sở xem xét hỗ trợ.",
        priority=rank + 1,
    )


def _score(p: Proposal, members: list[User]) -> None:
    criteria = list(Criterion.objects.filter(is_active=True))
    sheets = ScoreSheet.objects.filter(appraisal__proposal=p, member__in=members)
    for i, sheet in enumerate(sheets.select_related("member").order_by("member__username")):
        scoresheet_submit(
            sheet=sheet,
            actor=sheet.member,
            scores={c.pk: max(0, c.max_score - 2 - i) for c in criteria},
            comment="Đề án phù hợp, khả thi; dự toán hợp lý.",
        )


def under_appraisal(p: Proposal, cast: Cast, story: Story) -> None:
    forwarded(p, cast, story)
    appraisal_start(proposal=p, actor=cast["dit1"], members=cast.council)
    _score(p, cast.council[1:])  # council2 has scored; council1 (the demo login) has not yet


def appraised(p: Proposal, cast: Cast, story: Story) -> None:
    forwarded(p, cast, story)
    appraisal_start(proposal=p, actor=cast["dit1"], members=cast.council)
    _score(p, cast.council)
    p.refresh_from_db()
    appraisal_conclude(proposal=p, actor=cast["dit1"], recommended_amount=p.requested_support)


def approved(p: Proposal, cast: Cast, story: Story) -> None:
    appraised(p, cast, story)
    p.refresh_from_db()
    proposal_approve(
        proposal=p,
        actor=cast["ditlead1"],
        approved_amount=p.requested_support,
        plan_year=story.year,
        decision_number=APPROVAL_DECISION,
        decision_date=_days_ago(120),  # after the submission (SUBMITTED_DAYS_AGO)
    )


def _allocate(p: Proposal, cast: Cast, story: Story, *, confirm: bool = True) -> Allocation:
    p.refresh_from_db()
    allocation = money.allocation_propose(
        appropriation=story.appropriation,
        proposal=p,
        amount=p.approved_amount,
        actor=cast["dit1"],
    )
    if confirm:
        allocation = money.allocation_confirm(allocation=allocation, actor=cast["finance1"])
    return allocation


def approved_waiting_for_finance(p: Proposal, cast: Cast, story: Story) -> None:
    approved(p, cast, story)
    _allocate(p, cast, story, confirm=False)


def approved_allocation_refused(p: Proposal, cast: Cast, story: Story) -> None:
    approved(p, cast, story)
    allocation = _allocate(p, cast, story, confirm=False)
    money.allocation_refuse(
        allocation=allocation,
        actor=cast["finance1"],
        reason="Chờ quyết định điều chỉnh nội dung đề án trước khi bố trí kinh phí.",
    )


def _pay(
    allocation: Allocation, cast: Cast, kind: str, amount: int, voucher: str, days: int
) -> Disbursement:
    return money.disbursement_record(
        allocation=allocation,
        kind=kind,
        amount=amount,
        voucher_number=voucher,
        voucher_date=_days_ago(days),
        actor=cast["dit1"],
    )


def _started(p: Proposal, cast: Cast, story: Story) -> Allocation:
    approved(p, cast, story)
    allocation = _allocate(p, cast, story)
    p.refresh_from_db()
    monitoring.proposal_start(
        proposal=p,
        actor=cast["dit1"],
        contract_number=f"HĐ-{p.code[-4:]}/{story.year}/KC",
        contract_date=_days_ago(100),
        files=_files("hop-dong.pdf"),
    )
    return allocation


def _report(p: Proposal, percent: int, share: int) -> None:
    """Report ``percent`` done, with ``share`` percent of each line spent since last time."""
    p.refresh_from_db()
    monitoring_records.progress_report_submit(
        proposal=p,
        actor=p.created_by,
        percent_done=percent,
        work_done="Đã nhận và lắp đặt thiết bị theo hợp đồng."
        if percent >= 50
        else "Đã ký hợp đồng mua thiết bị, nhận tạm ứng.",
        spendings={
            line.pk: (line.amount * share // 100, line.requested_support * share // 100)
            for line in p.lines.all()
        },
        photos=_files("hien-truong.png"),
        invoices=_files("hoa-don.pdf"),
    )


def in_progress(p: Proposal, cast: Cast, story: Story) -> None:
    """Running well: reports, an inspection, and money in every state of its review."""
    allocation = _started(p, cast, story)
    advance = _pay(allocation, cast, "advance", allocation.amount // 2, "UNC-01", 90)
    money.disbursement_confirm(disbursement=advance, actor=cast["finance1"])
    _report(p, 30, 30)
    refused = _pay(allocation, cast, "payment", 30 * M, "UNC-02", 40)
    money.disbursement_refuse(
        disbursement=refused,
        actor=cast["finance1"],
        reason="Chứng từ thiếu chữ ký của kế toán trưởng.",
    )
    _report(p, 55, 25)
    monitoring_records.inspection_record(
        proposal=p,
        actor=cast["dit1"],
        inspected_on=_days_ago(3),
        inspectors="Võ Thành Công (Sở Công Thương); Lê Minh Tâm (UBND xã Phú Quới)",
        findings="Thiết bị đã lắp đặt, đang chạy thử; nhà xưởng đạt yêu cầu.",
        follow_up_required=True,
        follow_up="Bổ sung hóa đơn giá trị gia tăng của lô thiết bị.",
        photos=_files("kiem-tra.png"),
    )
    _pay(allocation, cast, "payment", 20 * M, "UNC-03", 2)  # waits for Finance


def change_requested(p: Proposal, cast: Cast, story: Story) -> None:
    _started(p, cast, story)
    _report(p, 35, 30)
    p.refresh_from_db()
    last = p.lines.order_by("position").last()
    monitoring_changes.change_request_submit(
        proposal=p,
        actor=p.created_by,
        reason="Nhà cung cấp giảm giá hệ thống xử lý khói; đề nghị giảm dự toán và lùi thời "
        "gian kết thúc 30 ngày do thiết bị về chậm.",
        new_end_date=p.end_date + dt.timedelta(days=30),
        lines={
            last.pk: monitoring_changes.LineChange(
                Decimal(1), last.unit_price - 20 * M, last.requested_support - 10 * M
            )
        },
    )


def overdue(p: Proposal, cast: Cast, story: Story) -> None:
    _started(p, cast, story)  # no report since: the reminders and the lists show it overdue


def cancelled(p: Proposal, cast: Cast, story: Story) -> None:
    _started(p, cast, story)
    money_lifecycle.proposal_cancel(
        proposal=p,
        actor=cast["ditlead1"],
        reason="Cơ sở đề nghị dừng thực hiện do thay đổi mặt bằng sản xuất.",
    )


def accepted(p: Proposal, cast: Cast, story: Story) -> None:
    """Accepted at 95% of the estimate; the advance is paid, the settlement is still to do."""
    allocation = _started(p, cast, story)
    advance = _pay(allocation, cast, "advance", allocation.amount // 2, "UNC-04", 95)
    money.disbursement_confirm(disbursement=advance, actor=cast["finance1"])
    _report(p, 60, 60)
    _report(p, 100, 35)
    p.refresh_from_db()
    monitoring.proposal_accept(
        proposal=p,
        actor=cast["dit1"],
        data=monitoring.AcceptanceInput(
            accepted_on=_days_ago(5),
            members=f"Sở Công Thương; UBND {p.facility.locality}; {p.facility.name}",
            result="pass",
            line_amounts={line.pk: line.amount * 95 // 100 for line in p.lines.all()},
            jobs_achieved=9,
            capacity_achieved="1,8 tấn/ngày",
            revenue_achieved=450 * M,
        ),
        minutes=_files("bien-ban-nghiem-thu.pdf"),
        invoices=_files("hoa-don.pdf"),
    )


def settled(p: Proposal, cast: Cast, story: Story) -> None:
    accepted(p, cast, story)
    p.refresh_from_db()
    allocation = p.allocations.get(status="confirmed")
    paid = Disbursement.objects.filter(allocation=allocation).counting().total()
    final = _pay(allocation, cast, "payment", p.accepted_support - paid, "UNC-05", 1)
    money.disbursement_confirm(disbursement=final, actor=cast["finance1"])
    p.refresh_from_db()
    money.settlement_confirm(
        proposal=p,
        amount=p.accepted_support,
        actor=cast["finance1"],
        note="Quyết toán theo biên bản nghiệm thu và chứng từ thanh toán.",
    )


# --- the story ------------------------------------------------------------------------------
