"""In a real browser, the score sheet adds up as the member types, before the final submit."""

from __future__ import annotations

import pytest

from proposals.models import Criterion
from proposals.services.appraisal import appraisal_start
from tests.e2e.conftest import login
from tests.factories import CouncilFactory, DitFactory
from tests.factories_review import proposal_in

PASSWORD = "Mat-khau-2026!"


@pytest.mark.django_db(transaction=True)
def test_the_running_total_follows_the_scores_and_the_pass_mark(page):
    member = CouncilFactory(username="hoidong1")
    member.set_password(PASSWORD)
    member.save()
    proposal = proposal_in("forwarded")
    appraisal = appraisal_start(
        proposal=proposal, actor=DitFactory(), members=[member, CouncilFactory(username="hd2")]
    )
    sheet = appraisal.sheets.get(member=member)
    login(page, "hoidong1", PASSWORD)
    page.goto(f"{page.base_url}/appraisal/sheets/{sheet.pk}/")
    total = page.locator("[data-score-total]")
    verdict = page.locator("[data-score-verdict]")
    assert "Chưa chấm đủ tiêu chí" in verdict.inner_text()
    criteria = list(Criterion.objects.filter(is_active=True))  # maxima 20, 20, 20, 20, 10, 10
    for criterion, value in zip(criteria, [15, 14, 16, 12, 5, 6], strict=True):
        page.fill(f"input[name=c{criterion.pk}]", str(value))
    assert total.inner_text() == "68,00"
    assert "Chưa đạt" in verdict.inner_text()
    page.fill(f"input[name=c{criteria[4].pk}]", "7")
    assert total.inner_text() == "70,00"
    assert "Đạt" in verdict.inner_text() and "Chưa" not in verdict.inner_text()
