"""Factories for implementation monitoring: approved proposals with their money set aside."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from khuyencong.catalogue.models import SupportRule
from khuyencong.models import User
from proposals.models import ChangeRequest, CostLine, ProgressReport, Proposal
from tests.factories import (
    CostLineFactory,
    ProposalFactory,
)
from tests.factories_budget import AllocationFactory
from tests.factories_review import SupportRuleFactory  # noqa: F401  (one factory per model)

# The smallest byte strings the content sniffer recognises.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(name: str = "anh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def approved_proposal(
    owner: User,
    *,
    approved_amount: int = 300_000_000,
    allocation: int | None = 300_000_000,
    state: str = "approved",
    today: dt.date | None = None,
    **fields: object,
) -> Proposal:
    """An approved proposal of ``owner``'s facility: two cost lines (800,000,000 VND in all,
    300,000,000 asked), the 50%/300M rule, and a confirmed allocation of ``allocation``."""
    today = today or dt.date.today()
    values: dict[str, object] = {
        "approved_amount": approved_amount,
        "decision_number": "45/QĐ-SCT",
        "decision_date": today - dt.timedelta(days=120),
        "start_date": today - dt.timedelta(days=90),
        "end_date": today + dt.timedelta(days=90),
        "jobs_created": 10,
        "capacity_increase": "2 tấn/ngày",
        "revenue_increase": 500_000_000,
        **fields,
    }
    proposal = ProposalFactory(facility=owner.facility, created_by=owner, state=state, **values)
    CostLineFactory(
        proposal=proposal,
        position=1,
        content="Máy đóng gói tự động",
        unit_price=600_000_000,
        amount=600_000_000,
        requested_support=250_000_000,
        counterpart=350_000_000,
    )
    CostLineFactory(
        proposal=proposal,
        position=2,
        content="Lắp đặt, chạy thử",
        unit_price=200_000_000,
        amount=200_000_000,
        requested_support=50_000_000,
        counterpart=150_000_000,
    )
    SupportRule.objects.get_or_create(
        activity_type=proposal.activity_type,
        fund_source=proposal.fund_source,
        defaults={
            "percent": Decimal("50"),
            "amount_cap": 300_000_000,
            "legal_basis": "TT 28/2018/TT-BTC Điều 8 khoản 4",
            "verified": True,
        },
    )
    if allocation:
        AllocationFactory(
            proposal=proposal,
            amount=allocation,
            appropriation__fund_source=proposal.fund_source,
            appropriation__amount=5_000_000_000,
        )
    return proposal


def in_progress_proposal(owner: User, *, contract_days_ago: int = 60, **kwargs: object) -> Proposal:
    today = kwargs.pop("today", None) or dt.date.today()
    return approved_proposal(
        owner,
        state="in_progress",
        today=today,
        contract_number="HĐ-01/2027",
        contract_date=today - dt.timedelta(days=contract_days_ago),
        **kwargs,
    )


def lines_of(proposal: Proposal) -> list[CostLine]:
    return list(proposal.lines.order_by("position"))


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    proposal = factory.SubFactory(ProposalFactory, state="in_progress")
    number = factory.Sequence(lambda n: n + 1)
    percent_done = 40
    work_done = "Đã mua máy, đang lắp đặt."
    submitted_by = factory.LazyAttribute(lambda r: r.proposal.created_by)


class ChangeRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChangeRequest

    proposal = factory.SubFactory(ProposalFactory, state="in_progress")
    reason = "Thiết bị về chậm."
    new_end_date = factory.LazyAttribute(
        lambda c: (c.proposal.end_date or dt.date.today()) + dt.timedelta(days=30)
    )
    support_before = factory.LazyAttribute(lambda c: c.proposal.approved_amount or 0)
    support_after = factory.LazyAttribute(lambda c: c.proposal.approved_amount or 0)
    requested_by = factory.LazyAttribute(lambda c: c.proposal.created_by)
