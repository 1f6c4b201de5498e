"""The allocation board shows one plan year at a time (issue 14: it grouped every year's
proposals at once); the year is chosen on the page and kept after a proposal is funded."""

from __future__ import annotations

import re

from django.urls import reverse

from budgets.models import Allocation
from tests.factories_budget import AppropriationFactory, ApprovedProposalFactory


def codes_on(html: str) -> list[str]:
    return sorted(set(re.findall(r"KC-20\d\d-9\d\d\d", html)))


def test_the_board_shows_the_latest_appropriation_year_and_another_on_request(client, world):
    old = AppropriationFactory(plan_year=2026, decision_number="GIAO-2026")
    new = AppropriationFactory(plan_year=2027, decision_number="GIAO-2027")
    ApprovedProposalFactory(
        code="KC-2026-9001", plan_year=2026, fund_source=old.fund_source, approved_amount=5
    )
    ApprovedProposalFactory(
        code="KC-2027-9001", plan_year=2027, fund_source=new.fund_source, approved_amount=5
    )
    client.force_login(world.users["dit"])
    latest = client.get(reverse("budgets:allocation_board")).content.decode()
    assert codes_on(latest) == ["KC-2027-9001"]
    assert "GIAO-2027" in latest and "GIAO-2026" not in latest
    assert "Phân bổ kinh phí cho đề án đã phê duyệt năm 2027" in latest
    earlier = client.get(reverse("budgets:allocation_board") + "?year=2026").content.decode()
    assert codes_on(earlier) == ["KC-2026-9001"]
    assert "GIAO-2026" in earlier and "GIAO-2027" not in earlier
    empty = client.get(reverse("budgets:allocation_board") + "?year=2030").content.decode()
    assert codes_on(empty) == []
    assert "Sở Tài chính chưa nhập dự toán nào cho năm 2030." in empty
    assert "Mọi đề án đã phê duyệt năm 2030 đều đã được phân bổ đủ." in empty
    # A year that is not one falls back to the latest, never a server error.
    assert codes_on(
        client.get(reverse("budgets:allocation_board") + "?year=99999999999").content.decode()
    ) == ["KC-2027-9001"]


def test_after_funding_an_earlier_year_the_board_stays_on_that_year(client, world):
    old = AppropriationFactory(plan_year=2026, amount=50_000_000)
    AppropriationFactory(plan_year=2027)
    proposal = ApprovedProposalFactory(
        code="KC-2026-9002", plan_year=2026, fund_source=old.fund_source, approved_amount=80_000_000
    )
    client.force_login(world.users["dit"])
    prefix = f"p{proposal.pk}"
    url = reverse("budgets:allocation_propose", args=[proposal.pk])
    refused = client.post(
        url, {f"{prefix}-appropriation": old.pk, f"{prefix}-amount": "60.000.000"}
    ).content.decode()
    # The refusal re-renders the proposal's own year, with the figures.
    assert "Phân bổ kinh phí cho đề án đã phê duyệt năm 2026" in refused
    assert "Vượt dự toán còn lại: đề nghị 60.000.000 đ, còn lại 50.000.000 đ" in refused
    response = client.post(
        url, {f"{prefix}-appropriation": old.pk, f"{prefix}-amount": "50.000.000"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("budgets:allocation_board") + "?year=2026"
    assert Allocation.objects.get().amount == 50_000_000
