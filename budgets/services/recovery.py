"""Recovery of money paid beyond what is due (thu hồi tạm ứng).

An advance is paid on the allocation before the work is accepted; when the acceptance
(nghiệm thu) fixes a support below what was paid, or the proposal is cancelled, the difference
goes back. The DIT records the recovery with its voucher, Finance confirms it like any other
disbursement, and once confirmed it lowers what was paid everywhere (``signed_amount``).
"""

from __future__ import annotations

from dataclasses import dataclass

from budgets.models import Disbursement
from proposals.models import Proposal, State

# A recovery is recorded while the proposal is still open; a settled or cancelled proposal has
# no money left out (settlement and cancellation require the recovery first).
RECOVERY_STATES = (State.APPROVED, State.IN_PROGRESS, State.ACCEPTED)


@dataclass(frozen=True)
class PaidFigures:
    """A proposal's disbursements, in VND."""

    out_confirmed: int  # advances and payments confirmed by Finance
    out_counting: int  # advances and payments recorded and not refused
    recovered_confirmed: int
    recovered_counting: int  # recoveries recorded and not refused

    @property
    def paid(self) -> int:
        """What the facility holds as Finance confirmed it: out minus recovered."""
        return self.out_confirmed - self.recovered_confirmed

    @property
    def paid_at_most(self) -> int:
        """The most the facility may hold once every pending item is decided: counts pending
        payments and only confirmed recoveries (a refused recovery gives nothing back)."""
        return self.out_counting - self.recovered_confirmed


def paid_figures(
    *, proposal_id: int | None = None, allocation_id: int | None = None
) -> PaidFigures:
    """The disbursement figures of a proposal or of one allocation."""
    qs = Disbursement.objects.all()
    if allocation_id is not None:
        qs = qs.filter(allocation_id=allocation_id)
    else:
        qs = qs.filter(allocation__proposal_id=proposal_id)
    outgoing, recoveries = qs.outgoing(), qs.recoveries()
    return PaidFigures(
        out_confirmed=outgoing.confirmed().total(),
        out_counting=outgoing.counting().total(),
        # ``total`` signs recoveries negative; these are amounts recovered.
        recovered_confirmed=-recoveries.confirmed().total(),
        recovered_counting=-recoveries.counting().total(),
    )


def recovery_owed(proposal: Proposal) -> int:
    """What must still be recovered before the proposal can be settled or cancelled, in VND.

    Accepted: paid (confirmed) beyond the accepted support. Approved or running with no
    acceptance: nothing is owed yet (the cancellation asks for all of it, see
    ``proposal_cancel_with_money``). Recoveries still waiting for Finance are counted as
    recovered here, so the owed figure does not ask twice."""
    if proposal.state != State.ACCEPTED or proposal.accepted_support is None:
        return 0
    figures = paid_figures(proposal_id=proposal.pk)
    held = figures.out_confirmed - figures.recovered_counting
    return max(0, held - proposal.accepted_support)
