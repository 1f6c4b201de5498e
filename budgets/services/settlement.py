"""Settlement (quyết toán): Finance closes an accepted proposal and returns the unspent."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from budgets.models import (
    Allocation,
    Disbursement,
    Settlement,
)
from budgets.services.allocations import allocations_release
from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.lib.money import format_vnd
from khuyencong.models import User
from proposals.models import Proposal

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
                "Thấp hơn số đã giải ngân: quyết toán %(amount)s, đã giải ngân %(disbursed)s. "
                "Cần ghi nhận thu hồi tạm ứng %(owed)s (được Sở Tài chính xác nhận) trước khi "
                "quyết toán."
            )
            % {
                "amount": format_vnd(amount),
                "disbursed": format_vnd(limits["disbursed"]),
                "owed": format_vnd(limits["disbursed"] - amount),
            }
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
