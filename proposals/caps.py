"""Support caps that reach beyond one proposal, and the day whose rule applies (read-only).

A rule's ``cap_basis`` says what its amount cap is counted for:

- ``proposal``, ``model``, ``class``: one proposal funds one model or one class, so the cap
  of the proposal itself is the whole check (``SupportRule.cap``);
- ``facility``: the cap is per facility and plan year (Circular 28/2018/TT-BTC Art. 8(4):
  "không quá 300 triệu đồng/cơ sở"): the support of the facility's other live proposals of the
  same activity type and fund source in that plan year counts against it.

Which amount of another proposal counts: approved, in progress: the approved amount; accepted,
settled: the accepted support (the approved amount while none is recorded); appraised: the
council's recommendation. Drafts and proposals still in review are shown at submission as
pending, never counted; withdrawn, rejected and cancelled ones do not count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.catalogue.models import SupportRule
from khuyencong.exceptions import ServiceError
from khuyencong.lib.money import format_vnd
from proposals.models import Facility, Proposal, State

COUNTED_STATES = (
    State.APPRAISED,
    State.APPROVED,
    State.IN_PROGRESS,
    State.ACCEPTED,
    State.SETTLED,
)
PENDING_STATES = (State.SUBMITTED, State.FORWARDED, State.UNDER_APPRAISAL)


def rule_day(proposal: Proposal) -> dt.date:
    """The day whose rule applies: the first submission's date (a draft: today).

    A proposal returned for completion and resubmitted keeps its first submission date
    (``submitted_at`` is set once): the facility applied then, and a rule change while the
    dossier went back and forth must not move the cap under it.
    """
    if proposal.submitted_at is None:
        return timezone.localdate()
    return timezone.localdate(proposal.submitted_at)


def applicable_rule(proposal: Proposal) -> SupportRule | None:
    """The rule in force on ``rule_day(proposal)``; ``None`` without activity/fund or rule."""
    if not proposal.activity_type_id or not proposal.fund_source_id:
        return None
    return SupportRule.objects.applicable(
        activity_type_id=proposal.activity_type_id,
        fund_source_id=proposal.fund_source_id,
        day=rule_day(proposal),
    )


def eligible_cost(proposal: Proposal) -> int:
    """The cost (VND) the rule supports: the lines whose category is eligible.

    Lines without a category (written before categories existed) count as eligible; a
    proposal without lines (older data, tests) falls back to its total cost.
    """
    sums = proposal.lines.aggregate(
        n=Count("id"),
        eligible=Sum("amount", filter=Q(category__isnull=True) | Q(category__eligible=True)),
    )
    if not sums["n"]:
        return int(proposal.total_cost)
    return int(sums["eligible"] or 0)


@dataclass(frozen=True)
class OtherProposal:
    code: str
    state_label: str
    amount: int  # VND


@dataclass(frozen=True)
class FacilityYearUse:
    """A facility's support in one plan year under a per-facility rule (whole VND)."""

    year: int
    ceiling: int  # the rule's amount cap per facility, after the production-line multiplier
    counted: list[OtherProposal] = field(default_factory=list)
    pending: list[OtherProposal] = field(default_factory=list)

    @property
    def used(self) -> int:
        return sum(o.amount for o in self.counted)

    @property
    def remaining(self) -> int:
        return max(0, self.ceiling - self.used)

    def describe(self) -> str:
        """E.g. "Cơ sở đã được hỗ trợ 300.000.000 đ … trong năm 2026 (KC-2026-0001: …)"."""
        listed = "; ".join(
            f"{o.code}: {format_vnd(o.amount)} ({o.state_label})" for o in self.counted
        )
        text = _(
            "Cơ sở đã được hỗ trợ %(used)s cho nội dung và nguồn kinh phí này trong năm "
            "%(year)s%(listed)s; mức tối đa %(ceiling)s/cơ sở; còn lại %(remaining)s."
        ) % {
            "used": format_vnd(self.used),
            "year": self.year,
            "listed": f" ({listed})" if listed else "",
            "ceiling": format_vnd(self.ceiling),
            "remaining": format_vnd(self.remaining),
        }
        if self.pending:
            text += " " + _("Đề án khác của cơ sở đang được xét: %(list)s.") % {
                "list": "; ".join(
                    f"{o.code}: {format_vnd(o.amount)} ({o.state_label})" for o in self.pending
                )
            }
        return text


def _counted_amount() -> Case:
    return Case(
        When(state=State.APPRAISED, then=Coalesce(F("recommended_amount"), Value(0))),
        When(
            state__in=(State.ACCEPTED, State.SETTLED),
            then=Coalesce(F("accepted_support"), F("approved_amount"), Value(0)),
        ),
        default=Coalesce(F("approved_amount"), Value(0)),
        output_field=IntegerField(),
    )


def facility_year_use(
    proposal: Proposal, *, plan_year: int | None = None, rule: SupportRule | None = None
) -> FacilityYearUse | None:
    """The facility's other support in ``plan_year`` (default: the proposal's) under its rule.

    ``None`` unless the applicable rule is per facility with an amount cap. Callers that go on
    to write must hold the facility's row lock (``lock_facility``) so the sum stays true.
    """
    rule = rule or applicable_rule(proposal)
    year = plan_year or proposal.plan_year
    if rule is None or rule.cap_basis != SupportRule.CapBasis.FACILITY:
        return None
    if rule.amount_cap is None or not year:
        return None
    line = bool(proposal.is_production_line and rule.production_line_multiplier)
    ceiling = rule.cap(0, production_line=line).amount_cap
    others = (
        Proposal.objects.filter(
            facility_id=proposal.facility_id,
            activity_type_id=proposal.activity_type_id,
            fund_source_id=proposal.fund_source_id,
            plan_year=year,
        )
        .exclude(pk=proposal.pk)
        .order_by("submitted_at", "pk")
    )
    labels = dict(State.choices)
    counted = [
        OtherProposal(code=p.code or "—", state_label=str(labels[p.state]), amount=p.counted)
        for p in others.filter(state__in=COUNTED_STATES).annotate(counted=_counted_amount())
    ]
    pending = [
        OtherProposal(
            code=p.code or "—", state_label=str(labels[p.state]), amount=p.requested_support
        )
        for p in others.filter(state__in=PENDING_STATES)
    ]
    return FacilityYearUse(year=year, ceiling=int(ceiling), counted=counted, pending=pending)


def lock_facility(proposal: Proposal) -> None:
    """Take the facility's row lock: two decisions for one facility run one after the other."""
    Facility.objects.select_for_update().only("pk").get(pk=proposal.facility_id)


def check_facility_cap(
    proposal: Proposal, *, amount: int, plan_year: int | None = None, label: str
) -> None:
    """Refuse ``amount`` (VND) if it would take the facility past its per-facility cap.

    Raises ``ServiceError`` with the figures. The caller holds ``lock_facility``.
    Legal source: the rule's own basis (e.g. Circular 28/2018/TT-BTC Art. 8(4)).
    """
    use = facility_year_use(proposal, plan_year=plan_year)
    if use is None or amount <= use.remaining:
        return
    raise ServiceError(
        _("%(label)s %(amount)s vượt mức còn lại của cơ sở. %(figures)s")
        % {"label": label, "amount": format_vnd(amount), "figures": use.describe()}
    )
