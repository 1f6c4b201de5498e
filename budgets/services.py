"""Money writes. Each holds its invariant under a row lock on the appropriation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.models import (
    Allocation,
    Appropriation,
    AppropriationAdjustment,
    Confirmation,
    Disbursement,
    Settlement,
)
from khuyencong import audit
from khuyencong.catalogue.models import FundSource
from khuyencong.exceptions import ServiceError
from khuyencong.lib.money import format_vnd
from khuyencong.models import Role, User
from khuyencong.notifications import notify
from proposals.models import Proposal, State

# Proposals that may receive allocations: approved and not yet accepted or settled.
FUNDABLE_STATES = (State.APPROVED, State.IN_PROGRESS, State.ACCEPTED)
# Advances are paid while the work runs; payments until the settlement is fully paid.
ADVANCE_STATES = (State.APPROVED, State.IN_PROGRESS)
PAYMENT_STATES = (State.APPROVED, State.IN_PROGRESS, State.ACCEPTED, State.SETTLED)

ALLOCATION_FIELDS = ["amount", "released", "status", "confirmed_by", "refusal_reason"]
DISBURSEMENT_FIELDS = ["kind", "amount", "voucher_number", "voucher_date", "status"]


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


# --- Locks and figures ------------------------------------------------------------------------
# Every money write locks in the same order: the proposal, then its appropriation(s) by pk, then
# the allocation. ``run_transition`` locks the proposal first too, so a settlement (which
# releases allocations) and an allocation never wait on each other in opposite orders.


def _lock_proposal(pk: int) -> Proposal:
    return Proposal.objects.select_for_update(of=("self",)).get(pk=pk)


def _lock_appropriation(pk: int) -> Appropriation:
    return Appropriation.objects.select_for_update().get(pk=pk)


def _effective(appropriation: Appropriation) -> int:
    adjusted = AppropriationAdjustment.objects.filter(appropriation=appropriation).aggregate(
        t=Coalesce(Sum("delta"), 0)
    )["t"]
    return appropriation.amount + adjusted


def _committed(appropriation: Appropriation) -> int:
    return Allocation.objects.filter(appropriation=appropriation).counting().net_total()


def _proposal_allocated(proposal: Proposal) -> int:
    return Allocation.objects.filter(proposal=proposal).counting().net_total()


def _finance_users() -> list[User]:
    return list(User.objects.filter(role=Role.FINANCE, is_active=True))


def _dit_users() -> list[User]:
    return list(User.objects.filter(role=Role.DIT, is_active=True))


def _positive(amount: int) -> int:
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise ServiceError(_("Số tiền phải là số nguyên đồng."))
    if amount <= 0:
        raise ServiceError(_("Số tiền phải lớn hơn 0."))
    return amount


# --- Appropriations ---------------------------------------------------------------------------


def appropriation_create(
    *,
    plan_year: int,
    fund_source: FundSource,
    amount: int,
    decision_number: str,
    decision_date: dt.date,
    actor: User,
) -> Appropriation:
    _positive(amount)
    decision_number = decision_number.strip()
    with transaction.atomic():
        if Appropriation.objects.filter(
            plan_year=plan_year, fund_source=fund_source, decision_number=decision_number
        ).exists():
            raise ServiceError(
                _("Quyết định %(number)s đã được nhập cho năm %(year)s, nguồn %(fund)s.")
                % {"number": decision_number, "year": plan_year, "fund": fund_source}
            )
        appropriation = Appropriation.objects.create(
            plan_year=plan_year,
            fund_source=fund_source,
            amount=amount,
            decision_number=decision_number,
            decision_date=decision_date,
            created_by=actor,
        )
        audit.record_created(
            actor=actor,
            action="appropriation.create",
            obj=appropriation,
            fields=["plan_year", "fund_source", "amount", "decision_number", "decision_date"],
        )
    return appropriation


def appropriation_adjust(
    *,
    appropriation: Appropriation,
    delta: int,
    reason: str,
    decision_number: str,
    decision_date: dt.date,
    actor: User,
) -> AppropriationAdjustment:
    """Add an adjustment row; a decrease may not take the appropriation below what is allocated."""
    if not isinstance(delta, int) or delta == 0:
        raise ServiceError(_("Số tiền điều chỉnh phải là số nguyên đồng khác 0."))
    if not reason.strip():
        raise ServiceError(_("Cần ghi lý do điều chỉnh."))
    with transaction.atomic():
        locked = _lock_appropriation(appropriation.pk)
        effective = _effective(locked)
        committed = _committed(locked)
        after = effective + delta
        if after < committed:
            raise ServiceError(
                _(
                    "Dự toán sau điều chỉnh thấp hơn số đã phân bổ: sau điều chỉnh %(after)s, "
                    "đã phân bổ %(committed)s."
                )
                % {"after": format_vnd(after), "committed": format_vnd(committed)}
            )
        if after <= 0:
            raise ServiceError(
                _("Dự toán sau điều chỉnh phải lớn hơn 0: hiện có %(effective)s, giảm %(delta)s.")
                % {"effective": format_vnd(effective), "delta": format_vnd(-delta)}
            )
        adjustment = AppropriationAdjustment.objects.create(
            appropriation=locked,
            delta=delta,
            reason=reason.strip(),
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="appropriation.adjust",
            obj=locked,
            before={"effective": effective},
            after={
                "effective": after,
                "delta": delta,
                "decision_number": adjustment.decision_number,
            },
            note=adjustment.reason,
        )
    return adjustment


# --- Allocations ------------------------------------------------------------------------------


def allocation_propose(
    *, appropriation: Appropriation, proposal: Proposal, amount: int, actor: User
) -> Allocation:
    """The DIT sets part of an appropriation aside for an approved proposal.

    Held under the locks: the appropriation's allocations (proposed and confirmed, net of
    releases) never exceed its effective amount, and a proposal's never exceed its approved
    support.
    """
    _positive(amount)
    with transaction.atomic():
        locked_proposal = _lock_proposal(proposal.pk)
        locked = _lock_appropriation(appropriation.pk)
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
        allocated = _proposal_allocated(locked_proposal)
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
        remaining = _effective(locked) - _committed(locked)
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
            recipients=_finance_users(),
            subject=lambda: _("Phân bổ chờ xác nhận: %(code)s") % {"code": locked_proposal.code},
            body=lambda: (
                _("Sở Công Thương đề xuất phân bổ %(amount)s từ dự toán %(appropriation)s.")
                % {"amount": format_vnd(amount), "appropriation": locked}
            ),
            url=reverse("budgets:allocation_review", args=[allocation.pk]),
        )
    return allocation


def _decide(
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
    if not confirm and not reason.strip():
        raise ServiceError(_("Cần ghi lý do từ chối."))
    with transaction.atomic():
        _lock_proposal(proposal_id)
        _lock_appropriation(appropriation_id)
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


def allocation_confirm(*, allocation: Allocation, actor: User) -> Allocation:
    # Proposed allocations already count against both limits, so confirming cannot break them.
    result = _decide(
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
        recipients=_dit_users(),
        subject=lambda: (
            _("Sở Tài chính đã xác nhận phân bổ %(amount)s") % {"amount": format_vnd(result.amount)}
        ),
        url=reverse("budgets:allocation_review", args=[result.pk]),
    )
    return result  # type: ignore[return-value]


def allocation_refuse(*, allocation: Allocation, actor: User, reason: str) -> Allocation:
    result = _decide(
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
        recipients=_dit_users(),
        subject=lambda: (
            _("Sở Tài chính từ chối phân bổ %(amount)s") % {"amount": format_vnd(result.amount)}
        ),
        body=lambda: reason,
        url=reverse("budgets:allocation_review", args=[result.pk]),
    )
    return result  # type: ignore[return-value]


# --- Disbursements ----------------------------------------------------------------------------


def advance_ceiling(net_allocation: int) -> int:
    """The most that may be advanced on an allocation: a configurable share, rounded down."""
    return net_allocation * settings.ADVANCE_MAX_PERCENT // 100


def disbursement_record(
    *,
    allocation: Allocation,
    kind: str,
    amount: int,
    voucher_number: str,
    voucher_date: dt.date,
    actor: User,
) -> Disbursement:
    """The DIT records an advance or a payment against a confirmed allocation.

    Under the locks: disbursements (recorded and confirmed) never exceed the allocation net of
    releases, and advances never exceed ``ADVANCE_MAX_PERCENT`` of it.
    """
    _positive(amount)
    voucher_number = voucher_number.strip()
    if not voucher_number:
        raise ServiceError(_("Cần ghi số chứng từ."))
    if kind not in Disbursement.Kind.values:
        raise ServiceError(_("Loại giải ngân không hợp lệ."))
    with transaction.atomic():
        proposal = _lock_proposal(allocation.proposal_id)
        _lock_appropriation(allocation.appropriation_id)
        locked = Allocation.objects.select_for_update().get(pk=allocation.pk)
        if locked.status != Confirmation.CONFIRMED:
            raise ServiceError(_("Chỉ giải ngân trên khoản phân bổ đã được Sở Tài chính xác nhận."))
        states = ADVANCE_STATES if kind == Disbursement.Kind.ADVANCE else PAYMENT_STATES
        if proposal.state not in states:
            raise ServiceError(
                _("Không thể ghi nhận %(kind)s khi đề án đang ở trạng thái “%(state)s”.")
                % {
                    "kind": Disbursement.Kind(kind).label.lower(),
                    "state": proposal.get_state_display(),
                }
            )
        if (
            Disbursement.objects.counting()
            .filter(allocation__proposal=proposal, voucher_number__iexact=voucher_number)
            .exists()
        ):
            raise ServiceError(
                _("Chứng từ %(voucher)s đã được ghi nhận cho đề án này.")
                % {"voucher": voucher_number}
            )
        net = locked.amount - locked.released
        disbursed = Disbursement.objects.filter(allocation=locked).counting().total()
        if disbursed + amount > net:
            raise ServiceError(
                _(
                    "Vượt kinh phí phân bổ đã xác nhận: đề nghị %(amount)s, còn lại %(left)s "
                    "(phân bổ %(net)s, đã giải ngân %(disbursed)s)."
                )
                % {
                    "amount": format_vnd(amount),
                    "left": format_vnd(max(net - disbursed, 0)),
                    "net": format_vnd(net),
                    "disbursed": format_vnd(disbursed),
                }
            )
        if kind == Disbursement.Kind.ADVANCE:
            ceiling = advance_ceiling(net)
            advanced = (
                Disbursement.objects.filter(allocation=locked, kind=Disbursement.Kind.ADVANCE)
                .counting()
                .total()
            )
            if advanced + amount > ceiling:
                raise ServiceError(
                    _(
                        "Vượt mức tạm ứng tối đa (%(percent)s%% phân bổ = %(ceiling)s): đề nghị "
                        "%(amount)s, còn được tạm ứng %(left)s."
                    )
                    % {
                        "percent": settings.ADVANCE_MAX_PERCENT,
                        "ceiling": format_vnd(ceiling),
                        "amount": format_vnd(amount),
                        "left": format_vnd(max(ceiling - advanced, 0)),
                    }
                )
        disbursement = Disbursement.objects.create(
            allocation=locked,
            kind=kind,
            amount=amount,
            voucher_number=voucher_number,
            voucher_date=voucher_date,
            recorded_by=actor,
        )
        audit.record_created(
            actor=actor,
            action="disbursement.record",
            obj=disbursement,
            fields=DISBURSEMENT_FIELDS,
        )
        notify(
            recipients=_finance_users(),
            subject=lambda: _("Giải ngân chờ xác nhận: %(code)s") % {"code": proposal.code},
            body=lambda: (
                _("%(kind)s %(amount)s, chứng từ %(voucher)s.")
                % {
                    "kind": disbursement.get_kind_display(),
                    "amount": format_vnd(amount),
                    "voucher": voucher_number,
                }
            ),
            url=reverse("budgets:disbursement_review", args=[disbursement.pk]),
        )
    return disbursement


def disbursement_confirm(*, disbursement: Disbursement, actor: User) -> Disbursement:
    allocation = disbursement.allocation
    return _decide(  # type: ignore[return-value]
        model=Disbursement,
        pk=disbursement.pk,
        proposal_id=allocation.proposal_id,
        appropriation_id=allocation.appropriation_id,
        actor=actor,
        confirm=True,
        reason="",
        action="disbursement",
        fields=DISBURSEMENT_FIELDS,
    )


def disbursement_refuse(*, disbursement: Disbursement, actor: User, reason: str) -> Disbursement:
    allocation = disbursement.allocation
    return _decide(  # type: ignore[return-value]
        model=Disbursement,
        pk=disbursement.pk,
        proposal_id=allocation.proposal_id,
        appropriation_id=allocation.appropriation_id,
        actor=actor,
        confirm=False,
        reason=reason,
        action="disbursement",
        fields=DISBURSEMENT_FIELDS,
    )


# --- Settlement -------------------------------------------------------------------------------


def settlement_limits(proposal: Proposal) -> dict[str, int | None]:
    """The figures a settlement is checked against (also shown on the settlement page)."""
    allocations = Allocation.objects.filter(proposal=proposal)
    disbursements = Disbursement.objects.filter(allocation__proposal=proposal)
    return {
        "accepted_support": proposal.accepted_support,
        "allocated": allocations.confirmed().net_total(),
        "disbursed": disbursements.confirmed().total(),
        "pending": allocations.pending().count() + disbursements.pending().count(),
    }


def _check_settlement(proposal: Proposal, amount: int) -> dict[str, int | None]:
    """Settlement rules, in the order a reader would check them.

    - every allocation and disbursement is decided by Finance (payments reconciled);
    - amount ≤ the support on the accepted cost (``Proposal.accepted_support``);
    - amount ≤ the confirmed allocation (net of releases): there is no more money for it;
    - amount ≥ what was already paid out (confirmed disbursements): paying more than the
      settled sum must be recovered before settling.
    The difference between the confirmed allocation and the settlement goes back to the
    appropriation; the difference between the settlement and what was paid may still be paid
    (a payment after settlement stays within the allocation, now equal to the settlement).
    """
    limits = settlement_limits(proposal)
    if limits["pending"]:
        raise ServiceError(
            _("Còn %(n)s khoản phân bổ hoặc giải ngân chờ Sở Tài chính xác nhận.")
            % {"n": limits["pending"]}
        )
    accepted = limits["accepted_support"]
    if accepted is None:
        raise ServiceError(_("Đề án chưa có kinh phí khuyến công được nghiệm thu."))
    if amount > accepted:
        raise ServiceError(
            _("Vượt kinh phí nghiệm thu: quyết toán %(amount)s, nghiệm thu %(accepted)s.")
            % {"amount": format_vnd(amount), "accepted": format_vnd(accepted)}
        )
    if amount > limits["allocated"]:
        raise ServiceError(
            _("Vượt kinh phí phân bổ đã xác nhận: quyết toán %(amount)s, phân bổ %(allocated)s.")
            % {"amount": format_vnd(amount), "allocated": format_vnd(limits["allocated"])}
        )
    if amount < limits["disbursed"]:
        raise ServiceError(
            _(
                "Thấp hơn số đã giải ngân: quyết toán %(amount)s, đã giải ngân %(disbursed)s "
                "(cần thu hồi phần chênh lệch trước khi quyết toán)."
            )
            % {"amount": format_vnd(amount), "disbursed": format_vnd(limits["disbursed"])}
        )
    return limits


def settlement_confirm(
    *, proposal: Proposal, amount: int, actor: User, note: str = ""
) -> Settlement:
    """Finance settles an accepted proposal (accepted → settled) and returns the unspent part
    of its allocations to the appropriations."""
    from proposals.services.workflow import run_transition
    from proposals.workflow import Action

    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise ServiceError(_("Số tiền quyết toán phải là số nguyên đồng không âm."))
    created: list[Settlement] = []

    def change(locked: Proposal) -> Iterable[str]:
        limits = _check_settlement(locked, amount)
        returned = allocations_release(
            proposal_id=locked.pk,
            amount=limits["allocated"] - amount,  # type: ignore[operator]
            actor=actor,
            reason=_("Quyết toán: hoàn trả phần phân bổ không sử dụng"),
        )
        settlement = Settlement.objects.create(
            proposal=locked, amount=amount, returned=returned, settled_by=actor, note=note
        )
        audit.record_created(
            actor=actor,
            action="settlement.confirm",
            obj=settlement,
            fields=["amount", "returned"],
            note=note,
        )
        created.append(settlement)
        return []

    run_transition(proposal=proposal, actor=actor, action=Action.SETTLE, change=change, note=note)
    return created[0]
