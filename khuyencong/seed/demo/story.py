"""The demo story: one plan year told through the real services, from draft to settlement.

Every proposal is created by its facility (``proposal_create``, cost lines, uploads), submitted
(the dossier code comes from ``DossierSequence``) and moved by the people whose job it is:
district officers, the DIT, the council, the leader, Finance. So the demo has real codes,
revisions, audit timelines, notifications and money, and every state of the workflow shows up in
somebody's inbox.

Idempotent: a proposal is known by its facility and title, the appropriation by its decision
number, the plan snapshot by its year; what exists is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from khuyencong.catalogue.models import ActivityType, FundSource
from khuyencong.models import User
from khuyencong.seed.demo.cast import (
    APPROPRIATION_DECISION,
    SUBMITTED_DAYS_AGO,
    Cast,
    Line,
    M,
    Scene,
    Story,
    _days_ago,
    _upload,
    plan_year,
)
from khuyencong.seed.demo.paths import (
    accepted,
    appraised,
    approved,
    approved_allocation_refused,
    approved_waiting_for_finance,
    cancelled,
    change_requested,
    forwarded,
    in_progress,
    overdue,
    rejected,
    resubmitted,
    returned,
    settled,
    under_appraisal,
    withdrawn,
)
from proposals.models import Attachment, Proposal, State
from proposals.services.submission import (
    attachment_upload,
    costline_add,
    proposal_create,
    proposal_submit,
)
from reports.models import PlanDeadline
from reports.selectors import latest_run
from reports.services.plan import plan_aggregate
from reports.services.reminders import plan_deadline_schedule

__all__ = ["APPROPRIATION_DECISION", "load_story", "plan_year"]


# Machinery is capped at 300.000.000 đ per facility per plan year across its proposals (TT
# 28/2018/TT-BTC Art. 8(4)): a facility's machinery proposals of one year ask 70 million each,
# at most four of them (280 million).
MACHINE = [
    ("Máy sấy nông sản công suất 1 tấn/mẻ", "máy", 1, 520 * M, 50 * M),
    ("Lắp đặt, chạy thử, chuyển giao", "gói", 1, 80 * M, 20 * M),
]
KILN = [
    ("Lò nung gốm tiết kiệm năng lượng", "lò", 1, 480 * M, 50 * M),
    ("Hệ thống xử lý khói lò", "hệ thống", 1, 120 * M, 20 * M),
]
PACKER = [
    ("Máy đóng gói tự động", "máy", 1, 520 * M, 50 * M),
    ("Lắp đặt, chạy thử", "gói", 1, 40 * M, 20 * M),
]
DRYER_MODEL = [  # a demonstration model: 30 %, at most 1.000.000.000 đ per model
    ("Lò sấy nhiệt khí", "hệ thống", 1, 900 * M, 270 * M),
    ("Hội thảo trình diễn", "buổi", 2, 15 * M, 0),
]
PACKAGING = [("Thiết kế mẫu bao bì, nhãn hiệu", "mẫu", 4, 12_500_000, 25 * M)]
WASTEWATER = [("Bể lắng, bể lọc sinh học", "hệ thống", 1, 350 * M, 150 * M)]


def _machine(title: str, support: int = 70 * M) -> list[Line]:
    return [(title, "hệ thống", 1, 600 * M, support)]


# NEXT: the scene belongs to next year's plan (2027 when the demo runs in 2026), still in
# review in the communes and at the DIT; the others are this year's plan, decided and under way.
NEXT = True


SCENES: list[Scene] = [
    # Hoàng Long (Xã Phú Quới): a little of everything, from a draft to a settled dossier.
    Scene("facility1", "Nâng cấp hệ thống xử lý nước thải", "pollution-treatment", WASTEWATER,
          submit=False, next_year=NEXT),
    Scene("facility1", "Ứng dụng máy đóng gói tự động", "advanced-machinery", PACKER,
          waiting_days=16, next_year=NEXT),
    Scene("facility1", "Mô hình trình diễn lò sấy tiết kiệm năng lượng", "demonstration-model",
          DRYER_MODEL, returned, waiting_days=4, next_year=NEXT),
    Scene("facility1", "Thiết kế bao bì sản phẩm mới", "packaging-design", PACKAGING, withdrawn,
          next_year=NEXT),
    Scene("facility1", "Máy chiết rót nước mắm bán tự động", "advanced-machinery",
          _machine("Máy chiết rót bán tự động"), resubmitted, waiting_days=2, next_year=NEXT),
    Scene("facility1", "Máy ép bánh tráng liên hoàn", "advanced-machinery",
          _machine("Máy ép bánh tráng liên hoàn"), under_appraisal, waiting_days=12,
          next_year=NEXT),
    Scene("facility1", "Lò nướng bánh công nghiệp tiết kiệm điện", "advanced-machinery",
          _machine("Lò nướng bánh công nghiệp"), appraised, waiting_days=9, next_year=NEXT),
    Scene("facility1", "Máy xay bột gạo công suất lớn", "advanced-machinery",
          _machine("Máy xay bột gạo"), approved_waiting_for_finance),
    Scene("facility1", "Máy sấy trái cây sấy dẻo", "advanced-machinery", MACHINE, in_progress),
    Scene("facility1", "Dây chuyền đóng gói mứt trái cây", "advanced-machinery", MACHINE,
          cancelled),
    Scene("facility1", "Máy sấy bánh tráng bằng năng lượng mặt trời", "advanced-machinery",
          MACHINE, settled),
    # Gốm đỏ Mang Thít (Xã Nhơn Phú): the monitoring steps and the money after approval.
    Scene("facility2", "Đầu tư máy nhào đất sét chân không", "advanced-machinery",
          _machine("Máy nhào đất chân không"), submit=False, next_year=NEXT),
    Scene("facility2", "Lò nung gốm tiết kiệm nhiên liệu", "advanced-machinery",
          _machine("Lò nung gốm con thoi"), waiting_days=2, next_year=NEXT),
    Scene("facility2", "Máy tạo hình gốm mỹ nghệ", "advanced-machinery",
          _machine("Máy tạo hình gốm"), forwarded, waiting_days=20, next_year=NEXT),
    Scene("facility2", "Xây dựng thương hiệu gốm đỏ Mang Thít", "packaging-design", PACKAGING,
          rejected, next_year=NEXT),
    Scene("facility2", "Máy in nhãn bao bì gốm đỏ", "advanced-machinery",
          _machine("Máy in nhãn bao bì"), approved_allocation_refused),
    Scene("facility2", "Lò nung gốm tiết kiệm năng lượng", "advanced-machinery", KILN,
          change_requested),
    Scene("facility2", "Máy ép viên củi trấu", "advanced-machinery", KILN, overdue),
    Scene("facility2", "Máy nhào đất và tạo hình gốm", "advanced-machinery", KILN, accepted),
    # Two more facilities so the commune inboxes hold more than one name.
    Scene("facility3", "Máy cắt laser CNC gia công cơ khí", "advanced-machinery",
          _machine("Máy cắt laser CNC", 140 * M), waiting_days=6, next_year=NEXT),
    Scene("facility3", "Máy chấn tôn thủy lực", "advanced-machinery",
          _machine("Máy chấn tôn thủy lực", 140 * M), forwarded, waiting_days=3, next_year=NEXT),
    Scene("facility4", "Máy dệt chiếu cói tự động", "advanced-machinery",
          _machine("Máy dệt chiếu cói", 280 * M), waiting_days=1, next_year=NEXT),
    Scene("facility4", "Máy se sợi cói", "advanced-machinery",
          _machine("Máy se sợi cói", 280 * M), approved),
]  # fmt: skip

WAITING_STATES = (State.SUBMITTED, State.RETURNED, State.FORWARDED, State.UNDER_APPRAISAL,
                  State.APPRAISED)  # fmt: skip


def _proposal_data(owner: User, scene: Scene, year: int) -> dict:
    facility = owner.facility
    data = {
        "title": scene.title,
        "activity_type": ActivityType.objects.get(code=scene.activity),
        "fund_source": FundSource.objects.get(code="provincial"),
        "plan_year": year,
        "implementing_unit": facility.name,
        "location": facility.address,
        # This year's proposals started after their decision; next year's start in its spring.
        "start_date": _days_ago(110) if year <= plan_year() else dt.date(year, 3, 1),
        "end_date": (
            _days_ago(110) + dt.timedelta(days=240)
            if year <= plan_year()
            else dt.date(year, 10, 31)
        ),
        "necessity": "Thiết bị hiện tại lạc hậu, năng suất thấp, tiêu hao nhiều năng lượng.",
        "objectives": "Nâng cao năng suất và chất lượng sản phẩm, giảm chi phí sản xuất.",
        "content_scale": "Đầu tư thiết bị theo dự toán kèm theo, lắp đặt tại xưởng của cơ sở.",
        "implementation_plan": "Quý I: mua sắm; quý II: lắp đặt, chạy thử; quý III: nghiệm thu.",
        "expected_results": "Tăng 30% công suất, tạo thêm việc làm cho lao động địa phương.",
        "jobs_created": 6,
        "capacity_increase": "30%",
        "revenue_increase": 450 * M,
        "commitments": "Cơ sở cam kết bố trí đủ vốn đối ứng và sử dụng kinh phí đúng mục đích.",
    }
    if not scene.submit:  # a draft halfway through: no dates, no plan, no commitments yet
        for name in ("start_date", "end_date", "commitments", "implementation_plan"):
            data.pop(name)
    return data


def _play(scene: Scene, cast: Cast, story: Story) -> Proposal:
    owner = cast[scene.owner]
    proposal = proposal_create(actor=owner, data=_proposal_data(owner, scene, story.year))
    for content, unit, quantity, price, support in scene.lines:
        costline_add(
            actor=owner,
            proposal=proposal,
            content=content,
            unit=unit,
            quantity=quantity,
            unit_price=price,
            requested_support=support,
        )
    uploads = [(Attachment.Kind.REGISTRATION, "giay-chung-nhan-dkkd.pdf")]
    uploads += [
        (Attachment.Kind.QUOTATION, f"bao-gia-{n + 1}.pdf")
        for n in range(proposal.activity_type.required_quotations)
    ]
    uploads.append((Attachment.Kind.SITE_PHOTO, "anh-hien-trang.png"))
    for kind, name in uploads:
        attachment_upload(actor=owner, proposal=proposal, kind=kind, upload=_upload(name))
    if not scene.submit:
        return proposal
    proposal_submit(actor=owner, proposal=proposal)
    # The services stamp "now"; the story's documents are dated months back (decision 120 days
    # ago, contract 100), so the submission moves back before all of them: no decision is
    # dated before the submission it approves.
    Proposal.objects.filter(pk=proposal.pk).update(
        created_at=timezone.now() - dt.timedelta(days=SUBMITTED_DAYS_AGO + 5),
        submitted_at=timezone.now() - dt.timedelta(days=SUBMITTED_DAYS_AGO),
    )
    if scene.path is not None:
        proposal.refresh_from_db()
        scene.path(proposal, cast, story)
    if scene.waiting_days:
        # The services stamp "now"; the inboxes, deadlines and digests need dossiers that have
        # waited a while, so the demo moves the clock of the last step back.
        Proposal.objects.filter(pk=proposal.pk, state__in=WAITING_STATES).update(
            state_changed_at=timezone.now() - dt.timedelta(days=scene.waiting_days)
        )
    return proposal


def _plan_snapshot(cast: Cast, story: Story) -> None:
    deadline, created = PlanDeadline.objects.get_or_create(
        year=story.year + 1,
        name="Cấp xã gửi danh sách đề án năm sau về Sở Công Thương",
        defaults={"date": dt.date(story.year, 10, 15), "reminder_days_before": 7},
    )
    if created:
        plan_deadline_schedule(deadline=deadline)
    if latest_run(story.year) is None:
        year = story.year
        transaction.on_commit(lambda: plan_aggregate(year=year, trigger="demo"))


def load_story(users: dict[str, User]) -> list[Proposal]:
    """Play every scene not played yet; return the story's proposals in scene order."""
    cast = Cast(users)
    this_year = Story(cast, plan_year())
    next_year = Story(cast, plan_year() + 1)
    proposals = []
    for scene in SCENES:
        owner = cast[scene.owner]
        existing = Proposal.objects.filter(facility_id=owner.facility_id, title=scene.title).first()
        if existing is None:
            with transaction.atomic():
                existing = _play(scene, cast, next_year if scene.next_year else this_year)
        proposals.append(existing)
    with transaction.atomic():
        _plan_snapshot(cast, this_year)
        _plan_snapshot(cast, next_year)
    return proposals
