"""Which support rule applies to a proposal, and what it allows (read-only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from khuyencong.catalogue.models import SupportRule
from khuyencong.catalogue.rules import CapResult
from proposals.models import Proposal


@dataclass(frozen=True)
class SupportCheck:
    """The rule found for a proposal (if any) and its cap applied to the proposal's cost."""

    rule: SupportRule | None
    cap: CapResult | None
    production_line_applied: bool

    @property
    def has_multiplier(self) -> bool:
        return bool(self.rule and self.rule.production_line_multiplier)

    @property
    def unverified(self) -> bool:
        return bool(self.rule and not self.rule.verified)

    @property
    def over_cap(self) -> bool:
        return bool(self.cap and self.requested > self.cap.maximum)

    requested: int = 0


def support_check(proposal: Proposal) -> SupportCheck | None:
    """The applicable rule and cap; ``None`` while activity type or fund source is missing.

    The rule in force today applies: the facility asks now, under the rules of now.
    """
    if not proposal.activity_type_id or not proposal.fund_source_id:
        return None
    rule = SupportRule.objects.applicable(
        activity_type_id=proposal.activity_type_id,
        fund_source_id=proposal.fund_source_id,
        day=timezone.localdate(),
    )
    if rule is None:
        return SupportCheck(rule=None, cap=None, production_line_applied=False)
    line = bool(proposal.is_production_line and rule.production_line_multiplier)
    return SupportCheck(
        rule=rule,
        cap=rule.cap(proposal.total_cost, production_line=line),
        production_line_applied=line,
        requested=proposal.requested_support,
    )
