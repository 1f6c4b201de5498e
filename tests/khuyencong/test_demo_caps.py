"""The demo data respects every support cap (issue 17 item 5): per proposal and per facility-year.

The oracle is written here, not taken from ``proposals.caps``: for each approved proposal the
rule in force on its first submission date, ``floor(percent × eligible cost)`` and the amount
cap; for each facility, activity, fund and plan year under a per-facility rule the sum of what
counts (approved/in progress at the approved amount, accepted/settled at the accepted support,
appraised at the recommendation) against the amount cap (× the multiplier for a line).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q, Sum
from django.utils import timezone

from khuyencong.catalogue.models import SupportRule
from proposals.models import Proposal

pytestmark = pytest.mark.django_db

FUNDED = ("approved", "in_progress", "accepted", "settled")


def _rule(p: Proposal) -> SupportRule:
    day = timezone.localdate(p.submitted_at)
    return (
        SupportRule.objects.filter(activity_type=p.activity_type, fund_source=p.fund_source)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )


def _eligible(p: Proposal) -> int:
    lines = p.lines.filter(Q(category__isnull=True) | Q(category__eligible=True))
    if not p.lines.exists():
        return p.total_cost
    return lines.aggregate(s=Sum("amount"))["s"] or 0


def _counted(p: Proposal) -> int:
    if p.state == "appraised":
        return p.recommended_amount or 0
    if p.state in ("accepted", "settled") and p.accepted_support is not None:
        return p.accepted_support
    return p.approved_amount or 0


def test_every_demo_proposal_and_facility_year_respects_its_rule(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())
    funded = list(Proposal.objects.filter(state__in=FUNDED).select_related("activity_type"))
    assert funded, "the demo approves proposals"
    years: dict[tuple, list[Proposal]] = defaultdict(list)
    for p in Proposal.objects.filter(state__in=(*FUNDED, "appraised")):
        years[(p.facility_id, p.activity_type_id, p.fund_source_id, p.plan_year)].append(p)
    for p in funded:
        rule = _rule(p)
        assert rule is not None, p.code
        by_percent = int(Decimal(_eligible(p)) * rule.percent // 100)
        assert p.approved_amount <= by_percent, p.code
        ceiling = rule.amount_cap
        if ceiling is not None and p.is_production_line and rule.production_line_multiplier:
            ceiling = int(ceiling * rule.production_line_multiplier)
        if ceiling is not None:
            assert p.approved_amount <= ceiling, p.code
        if rule.cap_basis == SupportRule.CapBasis.FACILITY and ceiling is not None:
            group = years[(p.facility_id, p.activity_type_id, p.fund_source_id, p.plan_year)]
            total = sum(_counted(q) for q in group)
            assert total <= ceiling, f"{p.facility} {p.plan_year}: {total} > {ceiling}"
