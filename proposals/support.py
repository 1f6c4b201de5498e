"""Which support rule applies to a proposal, and what it allows (read-only)."""

from __future__ import annotations

from dataclasses import dataclass

from khuyencong.catalogue.models import SupportRule
from khuyencong.catalogue.rules import CapResult
from proposals.caps import FacilityYearUse, applicable_rule, eligible_cost, facility_year_use
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
    total_cost: int = 0
    facility_use: FacilityYearUse | None = None

    @property
    def counterpart_only(self) -> int:
        """The cost (VND) the rule does not support: the facility's counterpart funds."""
        return self.total_cost - self.cap.eligible_cost if self.cap else 0

    @property
    def over_facility_cap(self) -> bool:
        return bool(self.facility_use and self.requested > self.facility_use.remaining)


def support_check(proposal: Proposal) -> SupportCheck | None:
    """The applicable rule and cap; ``None`` while activity type or fund source is missing.

    The rule in force on the first submission date applies (a draft: today), on the eligible
    cost; under a per-facility rule ``facility_use`` holds the facility's other support.
    """
    if not proposal.activity_type_id or not proposal.fund_source_id:
        return None
    rule = applicable_rule(proposal)
    if rule is None:
        return SupportCheck(rule=None, cap=None, production_line_applied=False)
    line = bool(proposal.is_production_line and rule.production_line_multiplier)
    return SupportCheck(
        rule=rule,
        cap=rule.cap(eligible_cost(proposal), production_line=line),
        production_line_applied=line,
        requested=proposal.requested_support,
        total_cost=proposal.total_cost,
        facility_use=facility_year_use(proposal, rule=rule),
    )
