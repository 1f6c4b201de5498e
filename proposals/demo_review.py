"""Demo dossiers at every review step, moved through the real services. Idempotent.

The submitted starting points are made with the ORM because the submission service lives in
another branch; at merge, ``_submitted`` should call ``proposal_submit`` instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from budgets.models import FundSource
from khuyencong.models import User
from proposals.models import (
    ActivityType,
    CostLine,
    Criterion,
    Proposal,
    ScoreSheet,
    State,
)
from proposals.services.appraisal import appraisal_conclude, appraisal_start, scoresheet_submit
from proposals.services.review import (
    proposal_approve,
    proposal_forward,
    proposal_reject,
    proposal_return,
)
from proposals.services.revisions import revision_create


def _catalogue() -> tuple[ActivityType, FundSource]:
    # Seeded by the catalogue migrations (advanced machinery: 50%, at most 300.000.000 đ).
    return ActivityType.objects.get(code="advanced-machinery"), FundSource.objects.get(
        code="provincial"
    )


def _submitted(
    code: str, owner: User, title: str, cost: int, support: int, days_ago: int
) -> Proposal:
    activity, fund = _catalogue()
    when = timezone.now() - dt.timedelta(days=days_ago)
    proposal = Proposal.objects.create(
        code=code,
        facility=owner.facility,
        created_by=owner,
        state=State.SUBMITTED,
        state_changed_at=when,
        submitted_at=when,
        title=title,
        activity_type=activity,
        fund_source=fund,
        plan_year=timezone.localdate().year,
        implementing_unit="Trung tâm Khuyến công và Tư vấn phát triển công nghiệp",
        location=str(owner.facility.address),
        necessity="Thiết bị hiện có đã cũ, năng suất thấp, tiêu hao nhiều điện năng.",
        objectives="Nâng công suất, giảm lao động thủ công, ổn định chất lượng sản phẩm.",
        content_scale="Đầu tư 01 hệ thống thiết bị và chuyển giao quy trình vận hành.",
        implementation_plan="Quý II: mua sắm, lắp đặt; quý III: vận hành thử, nghiệm thu.",
        expected_results="Tăng 30% công suất, tạo việc làm cho 5 lao động.",
        jobs_created=5,
        commitments="Cơ sở cam kết bố trí đủ vốn đối ứng và duy trì mô hình.",
        total_cost=cost,
        requested_support=support,
        counterpart=cost - support,
    )
    CostLine.objects.create(
        proposal=proposal,
        position=1,
        content="Hệ thống máy chính",
        unit="hệ thống",
        quantity=1,
        unit_price=cost,
        amount=cost,
        requested_support=support,
        counterpart=cost - support,
    )
    revision_create(proposal=proposal, actor=owner, reason="submit")
    return proposal


def _score_all(proposal: Proposal, members: list[User], how_many: int) -> None:
    criteria = list(Criterion.objects.filter(is_active=True))
    sheets = ScoreSheet.objects.filter(appraisal__proposal=proposal, member__in=members[:how_many])
    for i, sheet in enumerate(sheets.select_related("member")):
        scores = {c.pk: max(0, c.max_score - 2 - i) for c in criteria}
        scoresheet_submit(
            sheet=sheet, actor=sheet.member, scores=scores, comment="Đề án phù hợp, khả thi."
        )


REJECTION = "Nội dung không thuộc ngành ưu tiên của huyện."


@transaction.atomic
def load_review(users: dict[str, User]) -> list[Proposal]:
    year = timezone.localdate().year
    f1, f2 = users["facility1"], users["facility2"]
    d1, d2 = users["district1"], users["district2"]
    dit, leader = users["dit1"], users["ditlead1"]
    council = [users["council1"], users["council2"]]

    def forward(p: Proposal, officer: User, rank: int) -> None:
        proposal_forward(
            proposal=p, actor=officer, opinion="Đề nghị Sở xem xét hỗ trợ.", priority=rank
        )

    def appraise(p: Proposal, officer: User, rank: int, scored: int) -> None:
        forward(p, officer, rank)
        appraisal_start(proposal=p, actor=dit, members=council)
        _score_all(p, council, scored)

    def conclude(p: Proposal, officer: User, rank: int) -> None:
        appraise(p, officer, rank, 2)
        appraisal_conclude(proposal=p, actor=dit, recommended_amount=p.requested_support)

    def approve(p: Proposal) -> None:
        conclude(p, d1, 4)
        proposal_approve(
            proposal=p,
            actor=leader,
            approved_amount=p.requested_support,
            plan_year=year,
            decision_number=f"15/QĐ-SCT-{year}",
            decision_date=timezone.localdate(),
        )

    def resubmitted(p: Proposal) -> None:
        proposal_return(
            proposal=p, actor=d1, reason="Bổ sung báo giá thứ hai và điều chỉnh dự toán."
        )
        # Stand-in for the facility's edit and resubmission (issue 3's proposal_submit).
        p.refresh_from_db()
        line = p.lines.first()
        line.unit_price = line.amount = 760_000_000
        line.requested_support = 280_000_000
        line.counterpart = 480_000_000
        line.save()
        CostLine.objects.create(
            proposal=p,
            position=2,
            content="Lắp đặt, chạy thử",
            unit="gói",
            quantity=1,
            unit_price=40_000_000,
            amount=40_000_000,
            requested_support=20_000_000,
            counterpart=20_000_000,
        )
        Proposal.objects.filter(pk=p.pk).update(
            state=State.SUBMITTED, state_changed_at=timezone.now(), requested_support=300_000_000
        )
        p.refresh_from_db()
        revision_create(proposal=p, actor=f1, reason="resubmit")

    plan: list[tuple[str, User, str, int, int, int, Callable[[Proposal], None] | None]] = [
        ("D01", f1, "Máy sấy bánh tráng năng lượng mặt trời", 640_000_000, 280_000_000, 16, None),
        ("D02", f1, "Dây chuyền đóng gói mứt trái cây tự động", 900_000_000, 300_000_000, 3, None),
        ("D03", f1, "Hệ thống xử lý nước thải chế biến thực phẩm", 500_000_000, 240_000_000, 12,
         lambda p: forward(p, d1, 1)),
        ("D04", f1, "Máy ép bánh tráng liên hoàn", 700_000_000, 300_000_000, 25,
         lambda p: appraise(p, d1, 2, 1)),
        ("D05", f1, "Lò nướng bánh công nghiệp tiết kiệm điện", 560_000_000, 250_000_000, 30,
         lambda p: conclude(p, d1, 3)),
        ("D06", f1, "Máy xay bột gạo công suất lớn", 620_000_000, 300_000_000, 40, approve),
        ("D07", f1, "Máy in bao bì thủ công", 200_000_000, 100_000_000, 5,
         lambda p: proposal_reject(proposal=p, actor=d1, reason=REJECTION)),
        ("D08", f1, "Máy chiết rót nước mắm bán tự động", 800_000_000, 300_000_000, 8, resubmitted),
        ("D09", f2, "Lò nung gốm tiết kiệm nhiên liệu", 1_200_000_000, 300_000_000, 2, None),
        ("D10", f2, "Máy tạo hình gốm mỹ nghệ", 580_000_000, 260_000_000, 20,
         lambda p: forward(p, d2, 1)),
        ("D11", f2, "Máy trộn đất sét công nghiệp", 450_000_000, 200_000_000, 35,
         lambda p: conclude(p, d2, 2)),
    ]  # fmt: skip
    made = []
    for suffix, owner, title, cost, support, days, step in plan:
        code = f"KC-{year}-{suffix}"
        if Proposal.objects.filter(code=code).exists():
            continue
        proposal = _submitted(code, owner, title, cost, support, days)
        if step is not None:
            step(proposal)
            # Keep the demo's waiting times: the services stamp "now".
            Proposal.objects.filter(
                pk=proposal.pk, state__in=[State.FORWARDED, State.UNDER_APPRAISAL, State.APPRAISED]
            ).update(state_changed_at=timezone.now() - dt.timedelta(days=days // 2))
        made.append(proposal)
    return made
