"""Which rule a proposal's support is checked against, at its edges (mutants that survived)."""

from __future__ import annotations

import pytest

from proposals.support import support_check
from tests.factories import ProposalFactory
from tests.factories_review import with_rule


@pytest.mark.django_db
@pytest.mark.parametrize("missing", ["activity_type", "fund_source"])
def test_nothing_is_checked_while_the_activity_or_the_fund_is_missing(missing):
    proposal = ProposalFactory(**{missing: None})
    assert support_check(proposal) is None


@pytest.mark.django_db
def test_without_a_rule_in_force_nothing_is_applied():
    proposal = ProposalFactory(is_production_line=True, total_cost=1_000_000_000)
    check = support_check(proposal)
    assert (check.rule, check.cap, check.production_line_applied) == (None, None, False)
    assert check.over_cap is False and check.unverified is False


@pytest.mark.django_db
def test_the_rule_in_force_caps_the_request():
    proposal = with_rule(ProposalFactory(total_cost=800_000_000, requested_support=350_000_000))
    check = support_check(proposal)
    # 50 % × 800 million = 400 million, at most 300 million: 350 million asked is over.
    assert (check.cap.maximum, check.requested, check.over_cap) == (300_000_000, 350_000_000, True)
    assert check.rule.verified and check.production_line_applied is False
