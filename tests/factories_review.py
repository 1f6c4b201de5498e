"""Factories and builders for review tests: proposals at each review step, made with the ORM."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from khuyencong.catalogue.models import SupportRule
from khuyencong.models import User
from proposals.models import Appraisal, Criterion, Proposal, Score, ScoreSheet
from proposals.models.appraisal import weighted_total
from tests.factories import (
    ActivityTypeFactory,
    CouncilFactory,
    DitFactory,
    FundSourceFactory,
    ProposalFactory,
)


class SupportRuleFactory(factory.django.DjangoModelFactory):
    """50 % of the eligible cost, at most 300 million (advanced machinery, TT 28/2018)."""

    class Meta:
        model = SupportRule

    activity_type = factory.SubFactory(ActivityTypeFactory)
    fund_source = factory.SubFactory(FundSourceFactory)
    percent = Decimal("50")
    amount_cap = 300_000_000
    production_line_multiplier = Decimal("1.5")
    legal_basis = "TT 28/2018/TT-BTC Điều 8 khoản 4"
    verified = True


def with_rule(proposal: Proposal, **kwargs: Any) -> Proposal:
    SupportRuleFactory(
        activity_type=proposal.activity_type, fund_source=proposal.fund_source, **kwargs
    )
    return proposal


def proposal_in(state: str, *, facility: Any = None, **kwargs: Any) -> Proposal:
    extra = {"facility": facility} if facility is not None else {}
    if facility is not None:
        owner = facility.users.first()
        if owner is not None:
            extra["created_by"] = owner
    return ProposalFactory(state=state, **extra, **kwargs)


def score_all(sheet: ScoreSheet, values: list[int] | None = None, comment: str = "") -> None:
    """Fill and submit ``sheet`` directly (services are tested elsewhere)."""
    criteria = list(Criterion.objects.filter(is_active=True))
    values = values or [c.max_score * 8 // 10 for c in criteria]
    Score.objects.bulk_create(
        Score(sheet=sheet, criterion=c, value=v) for c, v in zip(criteria, values, strict=True)
    )
    sheet.total = weighted_total(
        [(v, c.max_score, c.weight) for c, v in zip(criteria, values, strict=True)]
    )
    sheet.comment = comment
    sheet.submitted_at = timezone.now()
    sheet.save()


def with_council(
    proposal: Proposal,
    members: list[User] | None = None,
    *,
    scored: int = 0,
    concluded: bool = False,
    recommended: int | None = None,
) -> Appraisal:
    members = members or [CouncilFactory(), CouncilFactory()]
    appraisal = Appraisal.objects.create(
        proposal=proposal, started_by=DitFactory(username="dit-starter"), pass_mark=70
    )
    appraisal.members.set(members)
    sheets = [ScoreSheet.objects.create(appraisal=appraisal, member=m) for m in members]
    for sheet in sheets[:scored]:
        score_all(sheet)
    if concluded:
        appraisal.mean_score = Decimal("80.00")
        appraisal.recommended_amount = recommended or proposal.requested_support
        appraisal.concluded_at = timezone.now()
        appraisal.save()
    return appraisal


def appraised(**kwargs: Any) -> Proposal:
    """An appraised proposal with a rule in force and the council's recommendation."""
    proposal = proposal_in("appraised", recommended_amount=250_000_000, **kwargs)
    with_council(proposal, scored=2, concluded=True, recommended=250_000_000)
    return with_rule(proposal)
