"""The demo's cast and props: users by their part, the story's year and appropriation, files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from budgets import services as money
from budgets.models import Appropriation
from khuyencong.catalogue.models import FundSource
from khuyencong.models import Role, User
from proposals.models import Proposal

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
    next_year: bool = False  # next year's plan (in review) rather than this year's (decided)


class Story:
    """What the scenes share: the plan year and its appropriation."""

    def __init__(self, cast: Cast, year: int) -> None:
        self.cast = cast
        self.year = year
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
            reason="Bổ sung dự toán giữa năm theo nhu cầu của các xã, phường.",
            decision_number="120/QĐ-UBND",
            decision_date=min(dt.date(self.year, 7, 1), timezone.localdate()),
            actor=finance,
        )
        return appropriation


# --- the steps a proposal can go through, each one service call by the right person ----------
