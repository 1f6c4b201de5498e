"""Demo proposals of each demo facility, in draft, submitted, returned and withdrawn.

Everything goes through the services (cost lines, uploads, submission, workflow), so the demo
shows real codes, revisions, audit timelines and notifications. Idempotent: a proposal whose
title already exists for the facility is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from budgets.models import FundSource
from khuyencong.models import User
from proposals.models import ActivityType, Attachment, Proposal
from proposals.services.submission import (
    attachment_upload,
    costline_add,
    proposal_create,
    proposal_submit,
    proposal_withdraw,
)
from proposals.services.workflow import run_transition
from proposals.workflow import Action

# A minimal valid PDF and a 1×1 PNG: enough for the content check and for a download.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

# (title suffix, target state, activity code, lines: (content, unit, qty, price, support))
SCENARIOS = [
    ("Ứng dụng máy đóng gói tự động", "submitted", "advanced-machinery",
     [("Máy đóng gói tự động", "máy", 1, 520_000_000, 260_000_000),
      ("Lắp đặt, chạy thử", "gói", 1, 40_000_000, 20_000_000)]),
    ("Mô hình trình diễn lò sấy tiết kiệm năng lượng", "returned", "demonstration-model",
     [("Lò sấy nhiệt khí", "hệ thống", 1, 900_000_000, 270_000_000),
      ("Hội thảo trình diễn", "buổi", 2, 15_000_000, 0)]),
    ("Thiết kế bao bì sản phẩm mới", "withdrawn", "packaging-design",
     [("Thiết kế mẫu bao bì", "mẫu", 4, 12_500_000, 25_000_000)]),
    ("Nâng cấp hệ thống xử lý nước thải", "draft", "pollution-treatment",
     [("Bể lắng, bể lọc sinh học", "hệ thống", 1, 350_000_000, 150_000_000)]),
]  # fmt: skip
RETURN_REASON = "Bổ sung báo giá thứ ba và bản vẽ mặt bằng lắp đặt lò sấy."
WITHDRAW_REASON = "Cơ sở tạm hoãn đầu tư do thay đổi kế hoạch sản xuất."


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _build(owner: User, officer: User | None, spec: tuple) -> None:
    title_base, target, activity_code, lines = spec
    title = f"{title_base} – {owner.facility.name}"
    if Proposal.objects.filter(facility_id=owner.facility_id, title=title).exists():
        return
    year = timezone.localdate().year + 1
    activity = ActivityType.objects.get(code=activity_code)
    data = {
        "title": title,
        "activity_type": activity,
        "fund_source": FundSource.objects.get(code="provincial"),
        "plan_year": year,
        "implementing_unit": owner.facility.name,
        "location": owner.facility.address,
        "start_date": dt.date(year, 3, 1),
        "end_date": dt.date(year, 10, 31),
        "necessity": "Thiết bị hiện tại lạc hậu, năng suất thấp, tiêu hao nhiều năng lượng.",
        "objectives": "Nâng cao năng suất và chất lượng sản phẩm, giảm chi phí sản xuất.",
        "content_scale": "Đầu tư thiết bị theo dự toán kèm theo, lắp đặt tại xưởng của cơ sở.",
        "implementation_plan": "Quý I: mua sắm; quý II: lắp đặt, chạy thử; quý III: nghiệm thu.",
        "expected_results": "Tăng công suất, tạo thêm việc làm cho lao động địa phương.",
        "jobs_created": 6,
        "capacity_increase": "30%",
        "revenue_increase": 450_000_000,
        "commitments": "Cơ sở cam kết bố trí đủ vốn đối ứng và sử dụng kinh phí đúng mục đích.",
    }
    if target == "draft":  # a draft halfway through: no dates, no commitments yet
        for name in ("start_date", "end_date", "commitments", "implementation_plan"):
            data.pop(name)
    proposal = proposal_create(actor=owner, data=data)
    for content, unit, quantity, price, support in lines:
        costline_add(
            actor=owner,
            proposal=proposal,
            content=content,
            unit=unit,
            quantity=quantity,
            unit_price=price,
            requested_support=support,
        )
    attachment_upload(
        actor=owner,
        proposal=proposal,
        kind=Attachment.Kind.REGISTRATION,
        upload=_file("giay-chung-nhan-dkkd.pdf", TINY_PDF),
    )
    for n in range(activity.required_quotations):
        attachment_upload(
            actor=owner,
            proposal=proposal,
            kind=Attachment.Kind.QUOTATION,
            upload=_file(f"bao-gia-{n + 1}.pdf", TINY_PDF),
        )
    attachment_upload(
        actor=owner,
        proposal=proposal,
        kind=Attachment.Kind.SITE_PHOTO,
        upload=_file("anh-hien-trang.png", TINY_PNG),
    )
    if target == "draft":
        return
    proposal_submit(actor=owner, proposal=proposal)
    if target == "returned" and officer is not None:

        def record_reason(locked: Proposal) -> list[str]:
            locked.last_reason = RETURN_REASON
            return ["last_reason"]

        run_transition(
            proposal=proposal,
            actor=officer,
            action=Action.RETURN,
            change=record_reason,
            note=RETURN_REASON,
        )
    elif target == "withdrawn":
        proposal_withdraw(actor=owner, proposal=proposal, reason=WITHDRAW_REASON)


def load_submission_demo(users: dict[str, User]) -> None:
    """Several proposals per demo facility; ``users`` is what ``demo.load_core`` returned."""
    officers = {u.locality_id: u for u in users.values() if u.role == "district"}
    for owner in users.values():
        if owner.role != "facility" or not owner.facility_id:
            continue
        officer = officers.get(owner.facility.locality_id)
        for spec in SCENARIOS:
            _build(owner, officer, spec)
