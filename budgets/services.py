"""Money writes. Each holds its invariant under a row lock on the appropriation."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce

from budgets.models import Allocation, Appropriation, Confirmation
from khuyencong import audit
from khuyencong.models import User


def allocations_release(*, proposal_id: int, amount: int | None, actor: User, reason: str) -> int:
    """Give back ``amount`` (None: everything unspent) of a proposal's confirmed allocations.

    Unspent means allocated minus already released minus confirmed disbursements. The most
    recent allocation is released first. Returns the amount released. Locks the appropriations
    concerned, so it composes with concurrent allocations.
    """
    from budgets.models import Disbursement

    with transaction.atomic():
        allocations = list(
            Allocation.objects.filter(
                proposal_id=proposal_id, status=Confirmation.CONFIRMED
            ).order_by("-proposed_at", "-id")
        )
        appropriation_ids = sorted({a.appropriation_id for a in allocations})
        # Lock in a fixed order to avoid deadlocks with other money writes.
        list(
            Appropriation.objects.select_for_update()
            .filter(pk__in=appropriation_ids)
            .order_by("pk")
        )
        allocations = list(
            Allocation.objects.select_for_update()
            .filter(pk__in=[a.pk for a in allocations])
            .order_by("-proposed_at", "-id")
        )
        spent = dict(
            Disbursement.objects.filter(allocation__in=allocations, status=Confirmation.CONFIRMED)
            .values_list("allocation_id")
            .annotate(total=Coalesce(Sum("amount"), 0))
        )
        remaining = amount
        released_total = 0
        for allocation in allocations:
            free = allocation.amount - allocation.released - spent.get(allocation.pk, 0)
            take = free if remaining is None else min(free, remaining)
            if take <= 0:
                continue
            before = audit.snapshot(allocation, ["released"])
            Allocation.objects.filter(pk=allocation.pk).update(released=F("released") + take)
            allocation.refresh_from_db(fields=["released"])
            audit.record(
                actor=actor,
                action="allocation.release",
                obj=allocation,
                before=before,
                after=audit.snapshot(allocation, ["released"]),
                note=reason,
            )
            released_total += take
            if remaining is not None:
                remaining -= take
                if remaining == 0:
                    break
        return released_total
