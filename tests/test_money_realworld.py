"""Amounts typed as people type them, through the real pages, read back from the database.

The cases come from ``shared/realworld/money.json`` (loaded when the tests are collected, so a
new case there is covered without editing this file) and from ``SIBLINGS`` below. A case's
"where" says which pages it goes through; "refuse" means a Vietnamese message on the page and
no row written or changed.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from budgets.models import Allocation, AppropriationAdjustment, Disbursement
from proposals.models import Appraisal, CostLine, Proposal
from tests.factories import CouncilFactory, ProposalFactory
from tests.factories_budget import AllocationFactory, AppropriationFactory, ApprovedProposalFactory
from tests.factories_review import appraised, proposal_in, with_council, with_rule
from tests.matrix import World

REALWORLD = settings.BASE_DIR.parent / "shared" / "realworld" / "money.json"
REFUSAL_MARKS = ("không phải là số tiền hợp lệ", "không được âm", "quá lớn", "Vui lòng nhập")

# Siblings of the real-world cases: the other notations the portal promises to read.
SIBLINGS = [
    {"typed": "12,500,000", "stored": 12_500_000, "where": "any money field"},
    {"typed": "12 500 000", "stored": 12_500_000, "where": "any money field"},
    {"typed": "12\u00a0500\u00a0000", "stored": 12_500_000, "where": "any money field (NBSP)"},
    {"typed": "12.500.000 đ", "stored": 12_500_000, "where": "any money field"},
    {
        "typed": unicodedata.normalize("NFD", "12.500.000 đồng"),
        "stored": 12_500_000,
        "where": "any money field (NFD đồng)",
    },
    {"typed": "2,500,000.00", "stored": 2_500_000, "where": "appraisal or approval amount"},
    {"typed": "1.500", "stored": 1_500, "where": "cost line unit price (thousands, not 1.5)"},
    {"typed": "１２.５００.０００", "stored": "refuse", "where": "any money field (full-width)"},
    {"typed": "٢٥٠", "stored": "refuse", "where": "any money field (Arabic-Indic digits)"},
    {"typed": "²", "stored": "refuse", "where": "disbursement or adjustment amount"},
    {"typed": "1.50.000", "stored": "refuse", "where": "any money field (wrong grouping)"},
    {"typed": "12.500,000", "stored": "refuse", "where": "any money field (mixed separators)"},
    {"typed": "2.500.000,50", "stored": "refuse", "where": "any money field (decimals)"},
]


def _cases() -> list[dict[str, Any]]:
    data = json.loads(REALWORLD.read_text(encoding="utf-8"))
    return [{**case, "source": "realworld"} for case in data["amounts"]] + [
        {**case, "source": "sibling"} for case in SIBLINGS
    ]


@dataclass(frozen=True)
class Target:
    """One money input of one page: how to post an amount, and how to read what was stored."""

    name: str
    post: Callable[[Client, World, str], tuple[Any, Callable[[], int | None]]]


def _login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def _cost_line(client: Client, world: World, typed: str):
    owner = world.users["facility"]
    proposal = ProposalFactory(facility=owner.facility, created_by=owner, state="draft")
    response = _login(client, owner).post(
        reverse("proposals:costline_add", args=[proposal.pk]),
        {
            "content": "Máy sấy",
            "unit": "máy",
            "quantity": "1",
            "unit_price": typed,
            "requested_support": "0",
        },
        HTTP_HX_REQUEST="true",
    )
    return (
        response,
        lambda: (
            CostLine.objects.filter(proposal=proposal).values_list("unit_price", flat=True).first()
        ),
    )


def _conclude(client: Client, world: World, typed: str):
    proposal = proposal_in(
        "under_appraisal",
        facility=world.users["facility"].facility,
        total_cost=10**13,
        requested_support=10**12,
    )
    with_council(proposal, [world.users["council"], CouncilFactory(username="c2")], scored=2)
    with_rule(proposal, percent=100, amount_cap=None)
    response = _login(client, world.users["dit"]).post(
        reverse("proposals:proposal_act", args=[proposal.pk, "conclude_appraisal"]),
        {"conclude_appraisal-recommended_amount": typed},
    )
    return response, lambda: Appraisal.objects.get(proposal=proposal).recommended_amount


def _approve(client: Client, world: World, typed: str):
    proposal = appraised(
        facility=world.users["facility"].facility, total_cost=10**13, requested_support=10**12
    )
    Proposal.objects.filter(pk=proposal.pk).update(recommended_amount=10**12)
    proposal.activity_type.support_rules.update(percent=100, amount_cap=None)
    response = _login(client, world.users["leader"]).post(
        reverse("proposals:proposal_act", args=[proposal.pk, "approve"]),
        {
            "approve-approved_amount": typed,
            "approve-plan_year": proposal.plan_year,
            "approve-decision_number": "12/QĐ-SCT",
            "approve-decision_date": "2026-01-10",
        },
    )
    return response, lambda: Proposal.objects.get(pk=proposal.pk).approved_amount


def _allocation(client: Client, world: World, typed: str):
    appropriation = AppropriationFactory(amount=10**13)
    proposal = ApprovedProposalFactory(
        fund_source=appropriation.fund_source,
        plan_year=appropriation.plan_year,
        approved_amount=10**12,
    )
    prefix = f"p{proposal.pk}"
    response = _login(client, world.users["dit"]).post(
        reverse("budgets:allocation_propose", args=[proposal.pk]),
        {f"{prefix}-appropriation": appropriation.pk, f"{prefix}-amount": typed},
    )
    return (
        response,
        lambda: (
            Allocation.objects.filter(proposal=proposal).values_list("amount", flat=True).first()
        ),
    )


def _disbursement(client: Client, world: World, typed: str):
    allocation = AllocationFactory(
        amount=10**12,
        proposal__state="in_progress",
        proposal__approved_amount=10**12,
        appropriation__amount=10**13,
    )
    response = _login(client, world.users["dit"]).post(
        reverse("budgets:disbursement_record", args=[allocation.pk]),
        {
            "kind": "advance",
            "amount": typed,
            "voucher_number": "TU-1",
            "voucher_date": "2027-03-01",
        },
    )
    return (
        response,
        lambda: (
            Disbursement.objects.filter(allocation=allocation)
            .values_list("amount", flat=True)
            .first()
        ),
    )


def _adjustment(client: Client, world: World, typed: str):
    appropriation = AppropriationFactory(amount=10**12)
    response = _login(client, world.users["finance"]).post(
        reverse("budgets:appropriation_adjust", args=[appropriation.pk]),
        {
            "direction": "increase",
            "amount": typed,
            "reason": "Bổ sung dự toán",
            "decision_number": "2/QĐ-UBND",
            "decision_date": "2027-06-01",
        },
    )
    return (
        response,
        lambda: (
            AppropriationAdjustment.objects.filter(appropriation=appropriation)
            .values_list("delta", flat=True)
            .first()
        ),
    )


TARGETS = {
    "cost line": Target("cost line unit price", _cost_line),
    "appraisal": Target("appraisal recommended amount", _conclude),
    "approval": Target("approval amount", _approve),
    "allocation": Target("allocation amount", _allocation),
    "disbursement": Target("disbursement amount", _disbursement),
    "adjustment": Target("adjustment amount", _adjustment),
}


def targets_for(where: str) -> list[Target]:
    if where.startswith("any"):
        return list(TARGETS.values())
    found = [target for key, target in TARGETS.items() if key in where]
    assert found, f"no page for where={where!r}: add it to TARGETS"
    return found


PARAMS = [
    pytest.param(case, target, id=f"{case['source']}:{case['typed']!r}->{target.name}")
    for case in _cases()
    for target in targets_for(case["where"])
]


@pytest.mark.parametrize(("case", "target"), PARAMS)
def test_an_amount_typed_into_a_page_is_stored_exactly_or_refused(
    client, world, case, target, budget_day
):
    # budget_day: vouchers of plan year 2027 are dated against 30/06/2027, not the real today.
    response, stored = target.post(client, world, case["typed"])
    page = response.content.decode()
    assert response.status_code < 500
    if case["stored"] == "refuse":
        assert response.status_code == 400 or any(m in page for m in REFUSAL_MARKS)
        assert any(mark in page for mark in REFUSAL_MARKS), page[:2000]
        assert "12.500.000" in page or "quá lớn" in page
        assert stored() is None
    else:
        assert response.status_code in (200, 302), page[:3000]
        assert stored() == case["stored"]


def test_the_realworld_file_has_both_kinds_of_case():
    cases = _cases()
    assert any(c["stored"] == "refuse" for c in cases)
    assert any(isinstance(c["stored"], int) for c in cases)
