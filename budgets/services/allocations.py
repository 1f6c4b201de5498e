"""Allocations (phân bổ): the DIT proposes, Finance confirms; releases give money back."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from budgets.models import (
    Allocation,
    Appropriation,
    Confirmation,
    Disbursement,
    signed_amount,
)
from budgets.services.common import (
    ALLOCATION_FIELDS,
    FUNDABLE_STATES,
    committed_amount,
    dit_users,
    effective_amount,
    finance_decide,
    finance_users,
    lock_appropriation,
    lock_proposal,
    positive_amount,
    proposal_allocated,
)
from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.lib.money import format_vnd
from khuyencong.models import User
from khuyencong.notifications import notify
from proposals.models import Proposal

# --- Allocations ------------------------------------------------------------------------------


def allocation_propose(
    *, appropriation: Appropriation, proposal: Proposal, amount: int, actor: User
) -> Allocation:
    """The DIT sets part of an appropriation aside for an approved proposal.

    Held under the locks: the appropriation's allocations (proposed and confirmed, net of
    releases) never exceed its effective amount, and a proposal's never exceed its approved
    support.
    """
    positive_amount(amount)
    with transaction.atomic():
        locked_proposal = lock_proposal(proposal.pk)
        locked = lock_appropriation(appropriation.pk)
        if locked_proposal.state not in FUNDABLE_STATES:
            raise ServiceError(
                _("Không thể phân bổ cho đề án đang ở trạng thái “%(state)s”.")
                % {"state": locked_proposal.get_state_display()}
            )
        if (
            locked_proposal.plan_year != locked.plan_year
            or locked_proposal.fund_source_id != locked.fund_source_id
        ):
            raise ServiceError(
                _(
                    "Dự toán %(appropriation)s không cùng năm kế hoạch và nguồn kinh phí với đề án "
                    "(năm %(year)s)."
                )
                % {"appropriation": locked, "year": locked_proposal.plan_year}
            )
        approved = locked_proposal.approved_amount or 0
        allocated = proposal_allocated(locked_proposal)
        if allocated + amount > approved:
            raise ServiceError(
                _(
                    "Vượt kinh phí được phê duyệt: đề nghị %(amount)s, còn được phân bổ "
                    "%(left)s (phê duyệt %(approved)s, đã phân bổ %(allocated)s)."
                )
                % {
                    "amount": format_vnd(amount),
                    "left": format_vnd(max(approved - allocated, 0)),
                    "approved": format_vnd(approved),
                    "allocated": format_vnd(allocated),
                }
            )
        remaining = effective_amount(locked) - committed_amount(locked)
        if amount > remaining:
            raise ServiceError(
                _("Vượt dự toán còn lại: đề nghị %(amount)s, còn lại %(remaining)s.")
                % {"amount": format_vnd(amount), "remaining": format_vnd(max(remaining, 0))}
            )
        allocation = Allocation.objects.create(
            appropriation=locked, proposal=locked_proposal, amount=amount, proposed_by=actor
        )
        audit.record_created(
            actor=actor,
            action="allocation.propose",
            obj=allocation,
            fields=ALLOCATION_FIELDS,
        )
        notify(
            recipients=finance_users(),
            subject=lambda: _("Phân bổ chờ xác nhận: %(code)s") % {"code": locked_proposal.code},
            body=lambda: (
                _("Sở Công Thương đề xuất phân bổ %(amount)s từ dự toán %(appropriation)s.")
                % {"amount": format_vnd(amount), "appropriation": locked}
            ),
            url=reverse("budgets:allocation_review", args=[allocation.pk]),
        )
    return allocation


def allocation_confirm(*, allocation: Allocation, actor: User) -> Allocation:
    # Proposed allocations already count against both limits, so confirming cannot break them.
    result = finance_decide(
        model=Allocation,
        pk=allocation.pk,
        proposal_id=allocation.proposal_id,
        appropriation_id=allocation.appropriation_id,
        actor=actor,
        confirm=True,
        reason="",
        action="allocation",
        fields=ALLOCATION_FIELDS,
    )
    notify(
        recipients=dit_users(),
        subject=lambda: (
            _("Sở Tài chính đã xác nhận phân bổ %(amount)s") % {"amount": format_vnd(result.amount)}
        ),
        url=reverse("budgets:allocation_review", args=[result.pk]),
    )
    return result  # type: ignore[return-value]


def allocation_refuse(*, allocation: Allocation, actor: User, reason: str) -> Allocation:
    result = finance_decide(
        model=Allocation,
        pk=allocation.pk,
        proposal_id=allocation.proposal_id,
        appropriation_id=allocation.appropriation_id,
        actor=actor,
        confirm=False,
        reason=reason,
        action="allocation",
        fields=ALLOCATION_FIELDS,
    )
    notify(
        recipients=dit_users(),
        subject=lambda: (
            _("Sở Tài chính từ chối phân bổ %(amount)s") % {"amount": format_vnd(result.amount)}
        ),
        body=lambda: reason,
        url=reverse("budgets:allocation_review", args=[result.pk]),
    )
    return result  # type: ignore[return-value]


def allocations_release(*, proposal_id: int, amount: int | None, actor: User, reason: str) -> int:
    """Give back ``amount`` (None: everything unspent) of a proposal's confirmed allocations.

    Unspent means allocated minus already released minus confirmed disbursements. The most
    recent allocation is released first. Returns the amount released. Locks the appropriations
    concerned, so it composes with concurrent allocations.
    """

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
            .annotate(total=Coalesce(Sum(signed_amount()), 0))
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
