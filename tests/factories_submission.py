"""Helpers for the submission tests: tiny valid files, attachments, complete drafts."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from khuyencong.catalogue.models import ActivityType, FundSource
from khuyencong.models import User
from proposals.models import Attachment, CostLine, Proposal
from tests.factories import ProposalFactory

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def office_bytes(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<document/>")
    return buffer.getvalue()


def upload(name: str = "bao-gia.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def make_attachment(proposal: Proposal, kind: str = Attachment.Kind.REGISTRATION) -> Attachment:
    attachment = Attachment(
        proposal=proposal,
        kind=kind,
        original_name="giay-phep.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=proposal.created_by,
    )
    attachment.file.save("upload.pdf", ContentFile(PDF_BYTES), save=False)
    attachment.save()
    return attachment


def machinery() -> ActivityType:
    return ActivityType.objects.get(code="advanced-machinery")


def provincial() -> FundSource:
    return FundSource.objects.get(code="provincial")


def complete_draft(owner: User, *, support: int = 300_000_000, **extra: object) -> Proposal:
    """A draft that passes every submission check (advanced machinery, provincial fund)."""
    year = timezone.localdate().year + 1
    fields = {
        "facility": owner.facility,
        "created_by": owner,
        "state": "draft",
        "activity_type": machinery(),
        "fund_source": provincial(),
        "plan_year": year,
        "start_date": dt.date(year, 3, 1),
        "end_date": dt.date(year, 9, 30),
        "total_cost": 800_000_000,
        "requested_support": support,
        "counterpart": 800_000_000 - support,
        "capacity_increase": "30%",
        **extra,
    }
    proposal = ProposalFactory(**fields)
    CostLine.objects.create(
        proposal=proposal,
        content="Máy đóng gói tự động",
        unit="máy",
        quantity=1,
        unit_price=800_000_000,
        amount=800_000_000,
        requested_support=support,
        counterpart=800_000_000 - support,
    )
    make_attachment(proposal, Attachment.Kind.REGISTRATION)
    for _ in range(machinery().required_quotations):
        make_attachment(proposal, Attachment.Kind.QUOTATION)
    return proposal
