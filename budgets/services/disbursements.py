"""Disbursements (tạm ứng, thanh toán): the DIT records, Finance confirms."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from budgets.models import (
    Allocation,
    Confirmation,
    Disbursement,
)
from budgets.services.common import (
    ADVANCE_STATES,
    DISBURSEMENT_FIELDS,
    PAYMENT_STATES,
    finance_decide,
    finance_users,
    lock_appropriation,
    lock_proposal,
    positive_amount,
)
from budgets.services.recovery import RECOVERY_STATES, paid_figures
from budgets.services.vouchers import check_voucher_date
from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.lib.money import format_vnd
from khuyencong.models import User
from khuyencong.notifications import notify
from proposals.models import Proposal, State

# --- Disbursements ----------------------------------------------------------------------------


def advance_ceiling(net_allocation: int) -> int:
    """The most that may be advanced on an allocation: a configurable share, rounded down."""
    return net_allocation * settings.ADVANCE_MAX_PERCENT // 100


def _check_outgoing(proposal: Proposal, allocation: Allocation, kind: str, amount: int) -> None:
    net = allocation.amount - allocation.released
    figures = paid_figures(allocation_id=allocation.pk)
    disbursed = figures.paid_at_most
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
    if proposal.accepted_support is not None and proposal.state in (
        State.ACCEPTED,
        State.SETTLED,
    ):
        # Once accepted, the accepted support is what is due: nothing beyond it is paid.
        accepted = proposal.accepted_support
        paid = paid_figures(proposal_id=proposal.pk).paid_at_most
        if paid + amount > accepted:
            raise ServiceError(
                _(
                    "Vượt kinh phí nghiệm thu: đề nghị thanh toán %(amount)s, kinh phí khuyến "
                    "công được nghiệm thu %(accepted)s, đã giải ngân %(paid)s, còn được thanh "
                    "toán %(left)s."
                )
                % {
                    "amount": format_vnd(amount),
                    "accepted": format_vnd(accepted),
                    "paid": format_vnd(paid),
                    "left": format_vnd(max(accepted - paid, 0)),
                }
            )
    if kind == Disbursement.Kind.ADVANCE:
        ceiling = advance_ceiling(net)
        advanced = (
            Disbursement.objects.filter(allocation=allocation, kind=Disbursement.Kind.ADVANCE)
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


def _check_recovery(allocation: Allocation, amount: int) -> None:
    """A recovery gives back money Finance confirmed as paid on this allocation, no more."""
    figures = paid_figures(allocation_id=allocation.pk)
    recoverable = figures.out_confirmed - figures.recovered_counting
    if amount > recoverable:
        raise ServiceError(
            _(
                "Vượt số có thể thu hồi: thu hồi %(amount)s, đã giải ngân (Sở Tài chính xác "
                "nhận) %(paid)s, đã thu hồi %(recovered)s, còn có thể thu hồi %(left)s."
            )
            % {
                "amount": format_vnd(amount),
                "paid": format_vnd(figures.out_confirmed),
                "recovered": format_vnd(figures.recovered_counting),
                "left": format_vnd(max(recoverable, 0)),
            }
        )


def disbursement_record(
    *,
    allocation: Allocation,
    kind: str,
    amount: int,
    voucher_number: str,
    voucher_date: dt.date,
    actor: User,
) -> Disbursement:
    """The DIT records an advance, a payment or a recovery (thu hồi tạm ứng) against a
    confirmed allocation; amounts in VND, Finance confirms each.

    Under the locks: money out (advances and payments recorded, minus recoveries confirmed)
    never exceeds the allocation net of releases; advances never exceed
    ``ADVANCE_MAX_PERCENT`` of it; once accepted, never the accepted support; a recovery never
    exceeds what was paid. The voucher date follows ``vouchers.check_voucher_date``. Raises
    ``ServiceError`` with the figures otherwise.
    """
    positive_amount(amount)
    voucher_number = voucher_number.strip()
    if not voucher_number:
        raise ServiceError(_("Cần ghi số chứng từ."))
    if kind not in Disbursement.Kind.values:
        raise ServiceError(_("Loại giải ngân không hợp lệ."))
    with transaction.atomic():
        proposal = lock_proposal(allocation.proposal_id)
        appropriation = lock_appropriation(allocation.appropriation_id)
        locked = Allocation.objects.select_for_update().get(pk=allocation.pk)
        if locked.status != Confirmation.CONFIRMED:
            raise ServiceError(_("Chỉ giải ngân trên khoản phân bổ đã được Sở Tài chính xác nhận."))
        states = {
            Disbursement.Kind.ADVANCE: ADVANCE_STATES,
            Disbursement.Kind.PAYMENT: PAYMENT_STATES,
            Disbursement.Kind.RECOVERY: RECOVERY_STATES,
        }[Disbursement.Kind(kind)]
        if proposal.state not in states:
            raise ServiceError(
                _("Không thể ghi nhận %(kind)s khi đề án đang ở trạng thái “%(state)s”.")
                % {
                    "kind": Disbursement.Kind(kind).label.lower(),
                    "state": proposal.get_state_display(),
                }
            )
        check_voucher_date(voucher_date=voucher_date, appropriation=appropriation, kind=kind)
        if (
            Disbursement.objects.counting()
            .filter(allocation__proposal=proposal, voucher_number__iexact=voucher_number)
            .exists()
        ):
            raise ServiceError(
                _("Chứng từ %(voucher)s đã được ghi nhận cho đề án này.")
                % {"voucher": voucher_number}
            )
        if kind == Disbursement.Kind.RECOVERY:
            _check_recovery(locked, amount)
        else:
            _check_outgoing(proposal, locked, kind, amount)
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
            recipients=finance_users(),
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
    return finance_decide(  # type: ignore[return-value]
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
    return finance_decide(  # type: ignore[return-value]
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
