"""Shared pieces of the money writes: lock order, figures, the states money may move in."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.models import (
    Allocation,
    Appropriation,
    AppropriationAdjustment,
    Confirmation,
    Disbursement,
)
from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.models import Role, User
from proposals.models import Proposal, State

# Proposals that may receive allocations: approved and not yet accepted or settled.
FUNDABLE_STATES = (State.APPROVED, State.IN_PROGRESS, State.ACCEPTED)
# Advances are paid while the work runs; payments until the settlement is fully paid.
ADVANCE_STATES = (State.APPROVED, State.IN_PROGRESS)
PAYMENT_STATES = (State.APPROVED, State.IN_PROGRESS, State.ACCEPTED, State.SETTLED)

ALLOCATION_FIELDS = ["amount", "released", "status", "confirmed_by", "refusal_reason"]
DISBURSEMENT_FIELDS = ["kind", "amount", "voucher_number", "voucher_date", "status"]


# --- Locks and figures ------------------------------------------------------------------------
# Every money write locks in the same order: the proposal, then its appropriation(s) by pk, then
# the allocation. ``run_transition`` locks the proposal first too, so a settlement (which
# releases allocations) and an allocation never wait on each other in opposite orders.


def lock_proposal(pk: int) -> Proposal:
    return Proposal.objects.select_for_update(of=("self",)).get(pk=pk)


def lock_appropriation(pk: int) -> Appropriation:
    return Appropriation.objects.select_for_update().get(pk=pk)


def effective_amount(appropriation: Appropriation) -> int:
    adjusted = AppropriationAdjustment.objects.filter(appropriation=appropriation).aggregate(
        t=Coalesce(Sum("delta"), 0)
    )["t"]
    return appropriation.amount + adjusted


def committed_amount(appropriation: Appropriation) -> int:
    return Allocation.objects.filter(appropriation=appropriation).counting().net_total()


def proposal_allocated(proposal: Proposal) -> int:
    return Allocation.objects.filter(proposal=proposal).counting().net_total()


def finance_users() -> list[User]:
    return list(User.objects.filter(role=Role.FINANCE, is_active=True))


def dit_users() -> list[User]:
    return list(User.objects.filter(role=Role.DIT, is_active=True))


def positive_amount(amount: int) -> int:
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise ServiceError(_("Số tiền phải là số nguyên đồng."))
    if amount <= 0:
        raise ServiceError(_("Số tiền phải lớn hơn 0."))
    return amount


def finance_decide(
    *,
    model: type[Allocation] | type[Disbursement],
    pk: int,
    proposal_id: int,
    appropriation_id: int,
    actor: User,
    confirm: bool,
    reason: str,
    action: str,
    fields: list[str],
) -> Allocation | Disbursement:
    """Finance confirms or refuses (with a reason) a proposed allocation or disbursement."""
    if not confirm and not reason.strip():
        raise ServiceError(_("Cần ghi lý do từ chối."))
    with transaction.atomic():
        lock_proposal(proposal_id)
        lock_appropriation(appropriation_id)
        obj = model.objects.select_for_update().get(pk=pk)
        if obj.status != Confirmation.PROPOSED:
            raise ServiceError(
                _("Khoản này đã được xử lý: %(status)s.") % {"status": obj.get_status_display()}
            )
        before = audit.snapshot(obj, fields)
        obj.status = Confirmation.CONFIRMED if confirm else Confirmation.REFUSED
        obj.confirmed_by = actor
        obj.confirmed_at = timezone.now()
        obj.refusal_reason = "" if confirm else reason.strip()
        obj.save(update_fields=["status", "confirmed_by", "confirmed_at", "refusal_reason"])
        audit.record(
            actor=actor,
            action=f"{action}.{'confirm' if confirm else 'refuse'}",
            obj=obj,
            before=before,
            after=audit.snapshot(obj, fields),
            note=obj.refusal_reason,
        )
    return obj
