"""Reads of the money figures, as SQL aggregates (never Python loops over rows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import BigIntegerField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from budgets.models import (
    COUNTING,
    Allocation,
    Appropriation,
    AppropriationAdjustment,
    Confirmation,
    Disbursement,
    _sum_subquery,
    signed_amount,
)
from khuyencong.catalogue.models import FundSource
from khuyencong.models import Locality
from proposals.models import Proposal, State

FUNDABLE_STATES = (State.APPROVED, State.IN_PROGRESS, State.ACCEPTED)
NET = F("amount") - F("released")


def _sum(expression: object, condition: Q | None = None) -> Coalesce:
    return Coalesce(
        Sum(expression, filter=condition), Value(0), output_field=models.BigIntegerField()
    )


def default_year() -> int:
    latest = Appropriation.objects.aggregate(y=models.Max("plan_year"))["y"]
    return latest or timezone.localdate().year


@dataclass(frozen=True)
class Figures:
    """A year's money, as the DIT recorded it and as Finance confirmed it."""

    appropriated: int | None
    allocated_recorded: int
    allocated_confirmed: int
    disbursed_recorded: int
    disbursed_confirmed: int
    settled_recorded: int
    settled_confirmed: int
    # Accepted at nghiệm thu, not yet settled by Finance: shown apart, not as a mismatch.
    awaiting_settlement: int = 0

    @property
    def remaining_recorded(self) -> int | None:
        return None if self.appropriated is None else self.appropriated - self.allocated_recorded

    @property
    def remaining_confirmed(self) -> int | None:
        return None if self.appropriated is None else self.appropriated - self.allocated_confirmed

    def rows(self) -> list[tuple[str, int | None, int | None, int | None]]:
        """(label, DIT recorded, Finance confirmed, difference recorded − confirmed)."""
        from django.utils.translation import gettext as _

        rows = [
            (_("Dự toán được giao"), self.appropriated, self.appropriated),
            (_("Đã phân bổ"), self.allocated_recorded, self.allocated_confirmed),
            (_("Đã giải ngân"), self.disbursed_recorded, self.disbursed_confirmed),
            (_("Quyết toán"), self.settled_recorded, self.settled_confirmed),
            (_("Dự toán còn lại"), self.remaining_recorded, self.remaining_confirmed),
        ]
        return [
            (label, recorded, confirmed, None if recorded is None else recorded - confirmed)
            for label, recorded, confirmed in rows
        ]


def year_figures(
    plan_year: int, fund_source: FundSource | None = None, locality: Locality | None = None
) -> Figures:
    """Five aggregate queries whatever the number of rows.

    With ``locality`` (a district officer) the appropriation is not shown: it belongs to the
    province, not to a district. "Settled" compares the same proposals on both sides: the
    support accepted at nghiệm thu of settled proposals (DIT) against their settlements
    (Finance). Accepted proposals still waiting for settlement are summed apart.
    """
    scope: dict[str, object] = {"appropriation__plan_year": plan_year}
    if fund_source is not None:
        scope["appropriation__fund_source"] = fund_source
    if locality is not None:
        scope["proposal__locality"] = locality
    appropriated = None
    if locality is None:
        appropriations = Appropriation.objects.filter(plan_year=plan_year)
        if fund_source is not None:
            appropriations = appropriations.filter(fund_source=fund_source)
        # One query: each appropriation's adjustments summed in a subquery, then the year.
        per_row = (
            AppropriationAdjustment.objects.filter(appropriation=OuterRef("pk"))
            .values("appropriation")
            .annotate(s=Sum("delta"))
            .values("s")
        )
        totals = appropriations.annotate(
            adjusted=Coalesce(Subquery(per_row), 0, output_field=BigIntegerField())
        ).aggregate(t=_sum("amount"), d=_sum("adjusted"))
        appropriated = totals["t"] + totals["d"]
    allocations = Allocation.objects.filter(**scope).aggregate(
        recorded=_sum(NET, Q(status__in=COUNTING)),
        confirmed=_sum(NET, Q(status=Confirmation.CONFIRMED)),
    )
    disbursements = Disbursement.objects.filter(
        **{f"allocation__{k}": v for k, v in scope.items()}
    ).aggregate(
        recorded=_sum(signed_amount(), Q(status__in=COUNTING)),
        confirmed=_sum(signed_amount(), Q(status=Confirmation.CONFIRMED)),
    )
    funded = Allocation.objects.filter(**scope).values("proposal_id")
    # One query for both sides of "settled": the settlement is one-to-one, no duplicate rows.
    closed = Proposal.objects.filter(pk__in=funded).aggregate(
        accepted=_sum("accepted_support", Q(state=State.SETTLED)),
        settled=_sum("settlement__amount"),
        awaiting=_sum("accepted_support", Q(state=State.ACCEPTED)),
    )
    accepted, settled = closed["accepted"], closed["settled"]
    return Figures(
        appropriated=appropriated,
        allocated_recorded=allocations["recorded"],
        allocated_confirmed=allocations["confirmed"],
        disbursed_recorded=disbursements["recorded"],
        disbursed_confirmed=disbursements["confirmed"],
        settled_recorded=accepted,
        settled_confirmed=settled,
        awaiting_settlement=closed["awaiting"],
    )


def with_money(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Annotate each proposal's allocated/disbursed figures, recorded and confirmed."""
    allocations = Allocation.objects.filter(proposal=OuterRef("pk"))
    disbursements = Disbursement.objects.filter(allocation__proposal=OuterRef("pk"))
    return proposals.annotate(
        allocated_recorded=_sum_subquery(allocations.filter(status__in=COUNTING), "proposal", NET),
        allocated_confirmed=_sum_subquery(
            allocations.filter(status=Confirmation.CONFIRMED), "proposal", NET
        ),
        disbursed_recorded=_sum_subquery(
            disbursements.filter(status__in=COUNTING), "allocation__proposal", signed_amount()
        ),
        disbursed_confirmed=_sum_subquery(
            disbursements.filter(status=Confirmation.CONFIRMED),
            "allocation__proposal",
            signed_amount(),
        ),
        settled_amount=F("settlement__amount"),
    )


def fundable_proposals() -> QuerySet[Proposal]:
    """Approved (or running, or accepted) proposals whose allocations fall short of the support.

    One grouped join (proposal LEFT JOIN its allocations, GROUP BY proposal) instead of a
    subquery per row; paginate it (``khuyencong.pagination``): the board shows one page.
    """
    return (
        Proposal.objects.filter(state__in=FUNDABLE_STATES, approved_amount__gt=0)
        .annotate(
            allocated_recorded=_sum(_net("allocations__"), _counting("allocations__")),
            allocated_confirmed=_sum(
                _net("allocations__"), Q(allocations__status=Confirmation.CONFIRMED)
            ),
        )
        .filter(allocated_recorded__lt=F("approved_amount"))
        .select_related("facility__locality", "fund_source")
        .order_by("plan_year", "code", "id")
    )


def _net(prefix: str = "") -> F:
    return F(f"{prefix}amount") - F(f"{prefix}released")


def _counting(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": COUNTING})


def funded_in(plan_year: int, fund_source: FundSource | None) -> QuerySet[Allocation]:
    funded = Allocation.objects.filter(appropriation__plan_year=plan_year)
    if fund_source is not None:
        funded = funded.filter(appropriation__fund_source=fund_source)
    return funded


def reconciliation_proposals(plan_year: int, fund_source: FundSource | None) -> QuerySet[Proposal]:
    """The proposals funded from the year's appropriations, by code, without their money:
    paginate, then ``attach_money`` to the page (two grouped queries)."""
    funded = funded_in(plan_year, fund_source)
    return (
        Proposal.objects.filter(pk__in=funded.values("proposal_id"))
        .select_related("facility")
        .annotate(settled_amount=F("settlement__amount"))
        .only("code", "facility__name")
        .order_by("code", "id")
    )


def _allocation_money() -> dict[str, Coalesce]:
    return {
        "allocated_recorded": _sum(NET, Q(status__in=COUNTING)),
        "allocated_confirmed": _sum(NET, Q(status=Confirmation.CONFIRMED)),
    }


def _disbursement_money() -> dict[str, Coalesce]:
    return {
        "disbursed_recorded": _sum(signed_amount(), Q(status__in=COUNTING)),
        "disbursed_confirmed": _sum(signed_amount(), Q(status=Confirmation.CONFIRMED)),
    }


def mismatched_proposals(plan_year: int, fund_source: FundSource | None) -> QuerySet[Proposal]:
    """Funded proposals whose DIT figures differ from Finance's (allocated or disbursed, VND),
    found by two grouped queries inside one: never a subquery per proposal."""
    funded = funded_in(plan_year, fund_source).values("proposal_id")
    allocations = (
        Allocation.objects.filter(proposal_id__in=funded)
        .values("proposal_id")
        .annotate(**_allocation_money())
        .exclude(allocated_recorded=F("allocated_confirmed"))
        .values("proposal_id")
    )
    disbursements = (
        Disbursement.objects.filter(allocation__proposal_id__in=funded)
        .values("allocation__proposal_id")
        .annotate(**_disbursement_money())
        .exclude(disbursed_recorded=F("disbursed_confirmed"))
        .values("allocation__proposal_id")
    )
    return (
        Proposal.objects.filter(Q(pk__in=allocations) | Q(pk__in=disbursements))
        .select_related("facility")
        .only("code", "facility__name")
        .order_by("code", "id")
    )


def attach_money(proposals: list[Proposal]) -> list[Proposal]:
    """Set each proposal's allocated/disbursed figures (VND, recorded and confirmed) from two
    grouped queries over the given proposals, whatever their number."""
    ids = [p.pk for p in proposals]
    allocated = {
        row["proposal_id"]: row
        for row in Allocation.objects.filter(proposal_id__in=ids)
        .values("proposal_id")
        .annotate(**_allocation_money())
        .order_by()
    }
    disbursed = {
        row["allocation__proposal_id"]: row
        for row in Disbursement.objects.filter(allocation__proposal_id__in=ids)
        .values("allocation__proposal_id")
        .annotate(**_disbursement_money())
        .order_by()
    }
    for proposal in proposals:
        money = allocated.get(proposal.pk, {}) | disbursed.get(proposal.pk, {})
        for name in (*_allocation_money(), *_disbursement_money()):
            setattr(proposal, name, money.get(name, 0))
    return proposals


def stale_cutoff() -> dt.datetime:
    return timezone.now() - dt.timedelta(days=settings.RECONCILE_STALE_DAYS)


def pending_allocations() -> QuerySet[Allocation]:
    return Allocation.objects.pending().select_related(
        "proposal__facility", "appropriation__fund_source"
    )


def pending_disbursements() -> QuerySet[Disbursement]:
    return Disbursement.objects.pending().select_related(
        "allocation__proposal__facility", "allocation__appropriation"
    )


def to_settle() -> QuerySet[Proposal]:
    return Proposal.objects.filter(state=State.ACCEPTED).select_related("facility")
