"""What every document shares: the Decree 30 header block and the figures of a plan year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from khuyencong.lib.dates import place_and_date
from proposals.models import Proposal
from proposals.models.proposal import State
from reports.services.plan import APPROVED, IN_REVIEW, REFUSED, ZERO, per_proposal_money


class DocumentError(Exception):
    """The document cannot be built with these parameters; ``message`` is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Header:
    """The parts of the Decree 30/2020/NĐ-CP layout that change from one document to another."""

    title: str
    symbol: str
    issuer: str
    issuer_superior: str = ""
    number: str = ""
    subtitle: str = ""
    day: dt.date = field(default_factory=timezone.localdate)
    recipients: list[str] = field(default_factory=list)
    signature_authority: str = ""
    signature_position: str = ""
    signer: str = ""
    seal: bool = True
    # The issuer's own place name ("Cái Nhum, ngày ..."); the province's when empty.
    place: str = ""

    @property
    def place_date(self) -> str:
        return place_and_date(self.place or settings.PROVINCE_NAME, self.day)


def cited_bases(place: str) -> list[str]:
    """The citations ("Nghị định số 235/2025/NĐ-CP ngày ...") a document kind opens with, from
    the legal bases an admin keeps; an unverified one says "(chưa xác minh)"."""
    from khuyencong.catalogue.models import LegalBasis

    return [basis.citation for basis in LegalBasis.objects.cited_in(place)]


def department(**kwargs: Any) -> Header:
    """A document issued by the Department of Industry and Trade."""
    kwargs.setdefault("issuer_superior", f"UBND tỉnh {settings.PROVINCE_NAME}")
    kwargs.setdefault("issuer", "Sở Công Thương")
    kwargs.setdefault("signature_authority", "KT. Giám đốc")
    kwargs.setdefault("signature_position", "Phó Giám đốc")
    return Header(**kwargs)


def year_proposals(year: int) -> Any:
    return Proposal.objects.filter(plan_year=year).exclude(state=State.DRAFT)


def _aggregates() -> dict[str, Any]:
    approved = Q(state__in=APPROVED)
    return {
        "n_submitted": Count("pk"),
        "n_in_review": Count("pk", filter=Q(state__in=IN_REVIEW)),
        "n_approved": Count("pk", filter=approved),
        "n_accepted": Count("pk", filter=Q(state__in=(State.ACCEPTED, State.SETTLED))),
        "n_refused": Count("pk", filter=Q(state__in=REFUSED)),
        "requested": Coalesce(Sum("requested_support"), ZERO),
        "approved": Coalesce(Sum("approved_amount", filter=approved), ZERO),
        "allocated": Coalesce(Sum("m_allocated"), ZERO),
        "disbursed": Coalesce(Sum("m_disbursed"), ZERO),
        "settled": Coalesce(Sum("m_settled"), ZERO),
        "jobs": Coalesce(Sum("jobs_created", filter=approved), 0),
        "facilities": Count("facility_id", filter=approved, distinct=True),
    }


def figures(year: int, *keys: str) -> list[dict[str, Any]]:
    """Counts and money of a plan year grouped by ``keys`` (GROUP BY in the database)."""
    rows = list(
        year_proposals(year)
        .annotate(**per_proposal_money())
        .values(*keys)
        .annotate(**_aggregates())
        .order_by(*keys)
    )
    for row in rows:
        row["disbursement_rate"] = rate(row["disbursed"], row["allocated"])
    return rows


def figures_total(year: int) -> dict[str, Any]:
    """The same figures for the whole year (facilities counted once across groups)."""
    total = year_proposals(year).annotate(**per_proposal_money()).aggregate(**_aggregates())
    total["disbursement_rate"] = rate(total["disbursed"], total["allocated"])
    return total


def rate(part: int, whole: int) -> float | None:
    """A share as a fraction (0.25 for 25%), ``None`` when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None
