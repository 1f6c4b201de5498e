"""Demo proposals at every monitoring step, built through the monitoring services.

The approved starting points are written with the ORM (approval belongs to the review flow);
everything after goes through ``proposals.services.monitoring``. Idempotent: a proposal whose
code exists is left alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from budgets.models import Allocation, Appropriation, Confirmation, FundSource
from khuyencong.models import User
from proposals.models import ActivityType, CostLine, Proposal, State
from proposals.services import monitoring as services
from proposals.services import monitoring_changes as changes
from proposals.services import monitoring_records as records

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
YEAR = 2026


def _pdf(name: str) -> list[tuple[SimpleUploadedFile, str]]:
    return [(SimpleUploadedFile(name, PDF, content_type="application/pdf"), "application/pdf")]


def _png(name: str) -> list[tuple[SimpleUploadedFile, str]]:
    return [(SimpleUploadedFile(name, PNG, content_type="image/png"), "image/png")]


def _catalogue(finance: User) -> tuple[ActivityType, FundSource, Appropriation]:
    # The catalogue, fund sources and support rules are seeded by migrations.
    activity = ActivityType.objects.get(code="advanced-machinery")
    fund = FundSource.objects.get(code="provincial")
    today = timezone.localdate()
    appropriation, _ = Appropriation.objects.get_or_create(
        plan_year=YEAR,
        fund_source=fund,
        decision_number="DEMO-15/QĐ-UBND",
        defaults={
            "amount": 5_000_000_000,
            "decision_date": today - dt.timedelta(days=200),
            "created_by": finance,
        },
    )
    return activity, fund, appropriation


def _approved(
    code: str,
    title: str,
    owner: User,
    finance: User,
    catalogue: tuple[ActivityType, FundSource, Appropriation],
    *,
    lines: list[tuple[str, int, int]],
    days_ago: int,
) -> Proposal:
    """An approved proposal with its cost lines and a confirmed allocation of its support."""
    activity, fund, appropriation = catalogue
    today = timezone.localdate()
    total = sum(amount for _c, amount, _s in lines)
    support = sum(s for _c, _a, s in lines)
    proposal = Proposal.objects.create(
        code=code,
        facility=owner.facility,
        created_by=owner,
        state=State.APPROVED,
        submitted_at=timezone.now() - dt.timedelta(days=days_ago + 90),
        title=title,
        activity_type=activity,
        fund_source=fund,
        plan_year=YEAR,
        implementing_unit=owner.facility.name,
        location=owner.facility.address,
        start_date=today - dt.timedelta(days=days_ago - 10),
        end_date=today + dt.timedelta(days=120 - days_ago // 2),
        necessity="Thiết bị cũ, năng suất thấp, tỷ lệ hao hụt cao.",
        objectives="Nâng công suất và chất lượng sản phẩm.",
        content_scale="Đầu tư thiết bị mới và lắp đặt, chạy thử.",
        implementation_plan="Mua sắm quý I, lắp đặt quý II, nghiệm thu quý III.",
        expected_results="Tăng 30% công suất.",
        jobs_created=8,
        capacity_increase="1,5 tấn/ngày",
        revenue_increase=400_000_000,
        commitments="Cơ sở cam kết bố trí đủ vốn đối ứng.",
        total_cost=total,
        requested_support=support,
        counterpart=total - support,
        approved_amount=support,
        decision_number=f"{code[-3:]}/QĐ-SCT",
        decision_date=today - dt.timedelta(days=days_ago),
    )
    for position, (content, amount, line_support) in enumerate(lines, start=1):
        CostLine.objects.create(
            proposal=proposal,
            position=position,
            content=content,
            unit="bộ",
            quantity=1,
            unit_price=amount,
            amount=amount,
            requested_support=line_support,
            counterpart=amount - line_support,
        )
    Allocation.objects.create(
        appropriation=appropriation,
        proposal=proposal,
        amount=support,
        status=Confirmation.CONFIRMED,
        proposed_by=finance,
        confirmed_by=finance,
        confirmed_at=timezone.now(),
    )
    return proposal


def _start(proposal: Proposal, dit: User, days_ago: int) -> Proposal:
    return services.proposal_start(
        proposal=proposal,
        actor=dit,
        contract_number=f"HĐ-{proposal.code[-3:]}/{YEAR}/KC",
        contract_date=timezone.localdate() - dt.timedelta(days=days_ago),
        files=_pdf("hop-dong.pdf"),
    )


def _report(proposal: Proposal, owner: User, percent: int, share: int) -> None:
    """Report ``percent`` done with ``share`` percent of each line spent since last time."""
    spendings = {
        line.pk: (line.amount * share // 100, line.requested_support * share // 100)
        for line in proposal.lines.all()
    }
    records.progress_report_submit(
        proposal=proposal,
        actor=owner,
        percent_done=percent,
        work_done="Đã nhận và lắp đặt thiết bị theo hợp đồng."
        if percent >= 50
        else ("Đã ký hợp đồng mua thiết bị, nhận tạm ứng."),
        spendings=spendings,
        photos=_png("hien-truong.png"),
        invoices=_pdf("hoa-don.pdf"),
    )


MACHINE_LINES = [
    ("Máy sấy nông sản công suất 1 tấn/mẻ", 520_000_000, 230_000_000),
    ("Lắp đặt, chạy thử, chuyển giao", 80_000_000, 40_000_000),
]
KILN_LINES = [
    ("Lò nung gốm tiết kiệm năng lượng", 480_000_000, 200_000_000),
    ("Hệ thống xử lý khói lò", 120_000_000, 50_000_000),
]


def load(users: dict[str, User]) -> list[Proposal]:
    """Create the monitoring demo proposals that do not exist yet; return all of them."""
    facility1, facility2 = users["facility1"], users["facility2"]
    dit, leader, finance = users["dit1"], users["ditlead1"], users["finance1"]
    with transaction.atomic():
        catalogue = _catalogue(finance)

    def approved_only() -> None:
        _approved(
            "KC-2026-9001",
            "Máy đóng gói bánh tráng tự động",
            facility1,
            finance,
            catalogue,
            lines=MACHINE_LINES,
            days_ago=20,
        )

    def running() -> None:
        p = _approved(
            "KC-2026-9002",
            "Máy sấy trái cây sấy dẻo",
            facility1,
            finance,
            catalogue,
            lines=MACHINE_LINES,
            days_ago=110,
        )
        p = _start(p, dit, 100)
        _report(p, facility1, 30, 30)
        _report(p, facility1, 55, 25)
        records.inspection_record(
            proposal=p,
            actor=dit,
            inspected_on=timezone.localdate() - dt.timedelta(days=3),
            inspectors="Võ Thành Công (Sở Công Thương); Lê Minh Tâm (UBND huyện Long Hồ)",
            findings="Máy sấy đã lắp đặt, đang chạy thử; nhà xưởng đạt yêu cầu.",
            follow_up_required=True,
            follow_up="Bổ sung hóa đơn giá trị gia tăng của lô thiết bị.",
            photos=_png("kiem-tra.png"),
        )

    def change_pending() -> None:
        p = _approved(
            "KC-2026-9003",
            "Lò nung gốm tiết kiệm năng lượng",
            facility2,
            finance,
            catalogue,
            lines=KILN_LINES,
            days_ago=90,
        )
        p = _start(p, dit, 80)
        _report(p, facility2, 35, 30)
        kiln, smoke = list(p.lines.all())
        changes.change_request_submit(
            proposal=p,
            actor=facility2,
            reason="Nhà cung cấp giảm giá hệ thống xử lý khói; đề nghị giảm dự toán và lùi thời "
            "gian kết thúc 30 ngày do thiết bị về chậm.",
            new_end_date=p.end_date + dt.timedelta(days=30),
            lines={smoke.pk: changes.LineChange(Decimal(1), 100_000_000, 40_000_000)},
        )

    def accepted() -> None:
        p = _approved(
            "KC-2026-9004",
            "Máy nhào đất và tạo hình gốm",
            facility2,
            finance,
            catalogue,
            lines=KILN_LINES,
            days_ago=200,
        )
        p = _start(p, dit, 180)
        _report(p, facility2, 60, 60)
        _report(p, facility2, 100, 35)
        services.proposal_accept(
            proposal=p,
            actor=dit,
            data=services.AcceptanceInput(
                accepted_on=timezone.localdate() - dt.timedelta(days=5),
                members="Sở Công Thương; UBND huyện Mang Thít; Hợp tác xã gốm đỏ Mang Thít",
                result="pass",
                line_amounts={line.pk: line.amount * 95 // 100 for line in p.lines.all()},
                jobs_achieved=9,
                capacity_achieved="1,8 tấn/ngày",
                revenue_achieved=450_000_000,
            ),
            minutes=_pdf("bien-ban-nghiem-thu.pdf"),
            invoices=_pdf("hoa-don.pdf"),
        )

    def cancelled() -> None:
        p = _approved(
            "KC-2026-9005",
            "Dây chuyền đóng gói mứt trái cây",
            facility1,
            finance,
            catalogue,
            lines=MACHINE_LINES,
            days_ago=150,
        )
        p = _start(p, dit, 140)
        services.proposal_cancel(
            proposal=p,
            actor=leader,
            reason="Cơ sở đề nghị dừng thực hiện do thay đổi mặt bằng sản xuất.",
        )

    def overdue() -> None:
        p = _approved(
            "KC-2026-9006",
            "Máy ép viên củi trấu",
            facility2,
            finance,
            catalogue,
            lines=KILN_LINES,
            days_ago=60,
        )
        _start(p, dit, 50)  # no report since: the reminder and the lists show it overdue

    steps: dict[str, Callable[[], None]] = {
        "KC-2026-9001": approved_only,
        "KC-2026-9002": running,
        "KC-2026-9003": change_pending,
        "KC-2026-9004": accepted,
        "KC-2026-9005": cancelled,
        "KC-2026-9006": overdue,
    }  # fmt: skip
    for code, build in steps.items():
        if Proposal.objects.filter(code=code).exists():
            continue
        with transaction.atomic():
            build()
    return list(Proposal.objects.filter(code__in=steps).order_by("code"))
