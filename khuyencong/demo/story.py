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
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from budgets import services as money
from budgets.models import Allocation, Appropriation, Disbursement
from khuyencong.catalogue.models import ActivityType, FundSource
from khuyencong.models import Role, User
from proposals.models import Attachment, Criterion, Proposal, ScoreSheet, State
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
    attachment_upload,
    costline_add,
    costline_update,
    proposal_create,
    proposal_submit,
    proposal_withdraw,
)
from reports.models import PlanDeadline
from reports.selectors import latest_run
from reports.services.plan import plan_aggregate
from reports.services.reminders import plan_deadline_schedule

M = 1_000_000
APPROPRIATION_DECISION = "21/QĐ-UBND"
APPROVAL_DECISION = "125/QĐ-SCT"

# A minimal valid PDF and a 1×1 PNG: enough for the content checks and for a download.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

Line = tuple[str, str, int, int, int]  # content, unit, quantity, unit price, requested support


def plan_year() -> int:
    """The demo's plan year: the current one, so its proposals may still be submitted."""
    return timezone.localdate().year


def _upload(name: str) -> SimpleUploadedFile:
    content = TINY_PNG if name.endswith(".png") else TINY_PDF
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _files(name: str) -> list[tuple[SimpleUploadedFile, str]]:
    kind = "image/png" if name.endswith(".png") else "application/pdf"
    return [(_upload(name), kind)]


SUBMITTED_DAYS_AGO = 150


def _days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@dataclass
class Cast:
    """The demo users, by the part they play."""

    users: dict[str, User]
    officers: dict[int, User] = field(init=False)

    def __post_init__(self) -> None:
        self.officers = {u.locality_id: u for u in self.users.values() if u.role == Role.DISTRICT}

    def __getitem__(self, key: str) -> User:
        return self.users[key]

    def officer_of(self, owner: User) -> User:
        return self.officers[owner.facility.locality_id]

    @property
    def council(self) -> list[User]:
        return [self.users["council1"], self.users["council2"]]


@dataclass
class Scene:
    """One proposal of the story: who asks for what, and how far it gets."""

    owner: str
    title: str
    activity: str
    lines: list[Line]
    path: Callable[[Proposal, Cast, Story], None] | None = None
    waiting_days: int = 0  # how long it has been waiting in its last state
    submit: bool = True


class Story:
    """What the scenes share: the plan year and its appropriation."""

    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.year = plan_year()
        self.fund = FundSource.objects.get(code="provincial")
        self._appropriation: Appropriation | None = None

    @property
    def appropriation(self) -> Appropriation:
        if self._appropriation is None:
            self._appropriation = (
                Appropriation.objects.filter(
                    plan_year=self.year,
                    fund_source=self.fund,
                    decision_number=APPROPRIATION_DECISION,
                ).first()
                or self._create_appropriation()
            )
        return self._appropriation

    def _create_appropriation(self) -> Appropriation:
        finance = self.cast["finance1"]
        appropriation = money.appropriation_create(
            plan_year=self.year,
            fund_source=self.fund,
            amount=2_000 * M,
            decision_number=APPROPRIATION_DECISION,
            decision_date=dt.date(self.year, 1, 10),
            actor=finance,
        )
        money.appropriation_adjust(
            appropriation=appropriation,
            delta=300 * M,
            reason="Bổ sung dự toán giữa năm theo nhu cầu của các huyện.",
            decision_number="120/QĐ-UBND",
            decision_date=min(dt.date(self.year, 7, 1), timezone.localdate()),
            actor=finance,
        )
        return appropriation


# --- the steps a proposal can go through, each one service call by the right person ----------


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
        reason="Nội dung không thuộc ngành nghề ưu tiên hỗ trợ của huyện.",
    )


def forwarded(p: Proposal, cast: Cast, story: Story) -> None:
    rank = Proposal.objects.filter(
        facility__locality_id=p.facility.locality_id, district_priority__isnull=False
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
        inspectors="Võ Thành Công (Sở Công Thương); Lê Minh Tâm (UBND huyện Long Hồ)",
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
    monitoring.proposal_cancel(
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

MACHINE = [
    ("Máy sấy nông sản công suất 1 tấn/mẻ", "máy", 1, 520 * M, 230 * M),
    ("Lắp đặt, chạy thử, chuyển giao", "gói", 1, 80 * M, 40 * M),
]
KILN = [
    ("Lò nung gốm tiết kiệm năng lượng", "lò", 1, 480 * M, 200 * M),
    ("Hệ thống xử lý khói lò", "hệ thống", 1, 120 * M, 50 * M),
]
PACKER = [
    ("Máy đóng gói tự động", "máy", 1, 520 * M, 260 * M),
    ("Lắp đặt, chạy thử", "gói", 1, 40 * M, 20 * M),
]
DRYER_MODEL = [
    ("Lò sấy nhiệt khí", "hệ thống", 1, 900 * M, 270 * M),
    ("Hội thảo trình diễn", "buổi", 2, 15 * M, 0),
]
PACKAGING = [("Thiết kế mẫu bao bì, nhãn hiệu", "mẫu", 4, 12_500_000, 25 * M)]
WASTEWATER = [("Bể lắng, bể lọc sinh học", "hệ thống", 1, 350 * M, 150 * M)]


def _machine(title: str) -> list[Line]:
    return [(title, "hệ thống", 1, 600 * M, 280 * M)]


SCENES: list[Scene] = [
    # Hoàng Long (Long Hồ): a little of everything, from a draft to a settled dossier.
    Scene("facility1", "Nâng cấp hệ thống xử lý nước thải", "pollution-treatment", WASTEWATER,
          submit=False),
    Scene("facility1", "Ứng dụng máy đóng gói tự động", "advanced-machinery", PACKER,
          waiting_days=16),
    Scene("facility1", "Mô hình trình diễn lò sấy tiết kiệm năng lượng", "demonstration-model",
          DRYER_MODEL, returned, waiting_days=4),
    Scene("facility1", "Thiết kế bao bì sản phẩm mới", "packaging-design", PACKAGING, withdrawn),
    Scene("facility1", "Máy chiết rót nước mắm bán tự động", "advanced-machinery",
          _machine("Máy chiết rót bán tự động"), resubmitted, waiting_days=2),
    Scene("facility1", "Máy ép bánh tráng liên hoàn", "advanced-machinery",
          _machine("Máy ép bánh tráng liên hoàn"), under_appraisal, waiting_days=12),
    Scene("facility1", "Lò nướng bánh công nghiệp tiết kiệm điện", "advanced-machinery",
          _machine("Lò nướng bánh công nghiệp"), appraised, waiting_days=9),
    Scene("facility1", "Máy xay bột gạo công suất lớn", "advanced-machinery",
          _machine("Máy xay bột gạo"), approved_waiting_for_finance),
    Scene("facility1", "Máy sấy trái cây sấy dẻo", "advanced-machinery", MACHINE, in_progress),
    Scene("facility1", "Dây chuyền đóng gói mứt trái cây", "advanced-machinery", MACHINE,
          cancelled),
    Scene("facility1", "Máy sấy bánh tráng bằng năng lượng mặt trời", "advanced-machinery",
          MACHINE, settled),
    # Gốm đỏ Mang Thít: the monitoring steps and the money after approval.
    Scene("facility2", "Đầu tư máy nhào đất sét chân không", "advanced-machinery",
          _machine("Máy nhào đất chân không"), submit=False),
    Scene("facility2", "Lò nung gốm tiết kiệm nhiên liệu", "advanced-machinery",
          _machine("Lò nung gốm con thoi"), waiting_days=2),
    Scene("facility2", "Máy tạo hình gốm mỹ nghệ", "advanced-machinery",
          _machine("Máy tạo hình gốm"), forwarded, waiting_days=20),
    Scene("facility2", "Xây dựng thương hiệu gốm đỏ Mang Thít", "packaging-design", PACKAGING,
          rejected),
    Scene("facility2", "Máy in nhãn bao bì gốm đỏ", "advanced-machinery",
          _machine("Máy in nhãn bao bì"), approved_allocation_refused),
    Scene("facility2", "Lò nung gốm tiết kiệm năng lượng", "advanced-machinery", KILN,
          change_requested),
    Scene("facility2", "Máy ép viên củi trấu", "advanced-machinery", KILN, overdue),
    Scene("facility2", "Máy nhào đất và tạo hình gốm", "advanced-machinery", KILN, accepted),
    # Two more facilities so the district inboxes hold more than one name.
    Scene("facility3", "Máy cắt laser CNC gia công cơ khí", "advanced-machinery",
          _machine("Máy cắt laser CNC"), waiting_days=6),
    Scene("facility3", "Máy chấn tôn thủy lực", "advanced-machinery",
          _machine("Máy chấn tôn thủy lực"), forwarded, waiting_days=3),
    Scene("facility4", "Máy dệt chiếu cói tự động", "advanced-machinery",
          _machine("Máy dệt chiếu cói"), waiting_days=1),
    Scene("facility4", "Máy se sợi cói", "advanced-machinery", _machine("Máy se sợi cói"),
          approved),
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
        "start_date": _days_ago(110),
        "end_date": _days_ago(110) + dt.timedelta(days=240),
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
        name="Cấp huyện gửi danh sách đề án năm sau về Sở Công Thương",
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
    story = Story(cast)
    proposals = []
    for scene in SCENES:
        owner = cast[scene.owner]
        existing = Proposal.objects.filter(facility_id=owner.facility_id, title=scene.title).first()
        if existing is None:
            with transaction.atomic():
                existing = _play(scene, cast, story)
        proposals.append(existing)
    with transaction.atomic():
        _plan_snapshot(cast, story)
    return proposals
