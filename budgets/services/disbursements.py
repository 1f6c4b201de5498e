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
from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.lib.money import format_vnd
from khuyencong.models import User
from khuyencong.notifications import notify

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
    positive_amount(amount)
    voucher_number = voucher_number.strip()
    if not voucher_number:
        raise ServiceError(_("Cần ghi số chứng từ."))
    if kind not in Disbursement.Kind.values:
        raise ServiceError(_("Loại giải ngân không hợp lệ."))
    with transaction.atomic():
        proposal = lock_proposal(allocation.proposal_id)
        lock_appropriation(allocation.appropriation_id)
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
