"""The money side of the proposal steps after approval, orchestrated from the budget app.

Each function calls the proposal step (``proposals.monitoring.services``) and does the money
part inside one transaction, so a refusal of either leaves nothing written. The lock order is
the one of every money write: the proposal (``run_transition``), then the appropriations.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from budgets.models import Allocation, Disbursement
from budgets.services.allocations import allocations_release
from budgets.services.common import lock_proposal
from budgets.services.recovery import paid_figures, recovery_owed
from khuyencong.exceptions import ServiceError
from khuyencong.lib.money import format_vnd
from khuyencong.models import User
from proposals.models import Acceptance, ChangeRequest, Proposal
from proposals.monitoring.services import changes as monitoring_changes
from proposals.monitoring.services import lifecycle as monitoring_lifecycle
from proposals.monitoring.services.common import Files
from proposals.monitoring.services.lifecycle import AcceptanceInput


def _pending_count(proposal: Proposal) -> int:
    return (
        Allocation.objects.filter(proposal=proposal).pending().count()
        + Disbursement.objects.filter(allocation__proposal=proposal).pending().count()
    )


def proposal_cancel(*, proposal: Proposal, actor: User, reason: str) -> tuple[Proposal, int]:
    """Cancel an approved or running proposal and give back its whole allocation (VND returned).

    Refused (``ServiceError`` with the figures) while money is out: an advance or a payment
    confirmed and not yet recovered must be recovered first (thu hồi tạm ứng, recorded by the
    DIT and confirmed by Finance), and every allocation or disbursement waiting for Finance
    must be decided, so that a cancelled proposal holds no money (Decree 45/2012/NĐ-CP as
    amended by Decree 235/2025/NĐ-CP, Art. 16: support not used for its purpose is recovered)."""
    with transaction.atomic():
        locked = monitoring_lifecycle.proposal_cancel(proposal=proposal, actor=actor, reason=reason)
        pending = _pending_count(locked)
        if pending:
            raise ServiceError(
                _(
                    "Còn %(n)s khoản phân bổ hoặc giải ngân chờ Sở Tài chính xác nhận; cần xử lý "
                    "xong trước khi hủy đề án."
                )
                % {"n": pending}
            )
        figures = paid_figures(proposal_id=locked.pk)
        if figures.paid > 0:
            raise ServiceError(
                _(
                    "Đề án đã được giải ngân %(out)s, đã thu hồi %(recovered)s: cần ghi nhận thu "
                    "hồi tạm ứng %(owed)s (được Sở Tài chính xác nhận) trước khi hủy đề án."
                )
                % {
                    "out": format_vnd(figures.out_confirmed),
                    "recovered": format_vnd(figures.recovered_confirmed),
                    "owed": format_vnd(figures.paid),
                }
            )
        released = allocations_release(
            proposal_id=locked.pk,
            amount=None,
            actor=actor,
            reason=_("Hủy đề án %(code)s: %(reason)s")
            % {"code": locked.code, "reason": reason.strip()},
        )
    return locked, released


def proposal_accept(
    *,
    proposal: Proposal,
    actor: User,
    data: AcceptanceInput,
    minutes: Files,
    invoices: Files = (),
) -> tuple[Acceptance, int]:
    """Record the acceptance (nghiệm thu) and say what must be recovered: returns the
    acceptance and the VND paid beyond the accepted support (0 when nothing is owed).

    An acceptance below what was already paid is recorded (it is what the council found); the
    difference is then owed and settlement is refused until its recovery is confirmed."""
    with transaction.atomic():
        lock_proposal(proposal.pk)
        acceptance = monitoring_lifecycle.proposal_accept(
            proposal=proposal, actor=actor, data=data, minutes=minutes, invoices=invoices
        )
        owed = recovery_owed(Proposal.objects.get(pk=proposal.pk))
    return acceptance, owed


def change_request_approve(
    *, change_request: ChangeRequest, actor: User, note: str = ""
) -> ChangeRequest:
    """Approve a change request and give back the allocation the lower support no longer
    needs: the allocation beyond the new support, at most the decrease (VND in ``released``)."""
    with transaction.atomic():
        request = monitoring_changes.change_request_approve(
            change_request=change_request, actor=actor, note=note
        )
        before, after = request.support_before or 0, request.support_after or 0
        released = 0
        if after < before:
            proposal = Proposal.objects.get(pk=request.proposal_id)
            excess = proposal.allocations.confirmed().net_total() - after
            to_release = min(before - after, max(0, excess))
            if to_release:
                released = allocations_release(
                    proposal_id=proposal.pk,
                    amount=to_release,
                    actor=actor,
                    reason=_("Điều chỉnh giảm kinh phí hỗ trợ đề án %(code)s")
                    % {"code": proposal.code},
                )
        request.released = released
        request.save(update_fields=["released"])
    return request
