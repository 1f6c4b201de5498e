"""Out-of-scope variants (issue 8) for URLs whose other rows only use objects in scope.

Budget objects have no per-user scope (the DIT, leaders, Finance and admins see the province's
money; facilities and district officers see none of these pages): the variants use an object of
the other locality, and an id that does not exist, which must answer exactly like an existing
object to whoever may not see the page (403, never a 404 that would confirm existence), and 404
to the money roles. A council member opening another member's score sheet gets 404.
"""

from typing import Any

from tests.factories_budget import AllocationFactory, DisbursementFactory
from tests.matrix import BAD, NOT_FOUND, OK, REDIRECT, Case, World, only
from tests.matrix.budgets import BUDGET

UNKNOWN = 987654


def _other(w: World, **kwargs: Any):
    """An allocation of the other locality's facility (out of facility's and district's scope)."""
    return AllocationFactory(
        proposal__facility=w.users["facility_other"].facility,
        proposal__created_by=w.users["facility_other"],
        **kwargs,
    )


def unknown(key: str = "pk"):
    return lambda w: {key: UNKNOWN}


def other_proposed_allocation(w: World) -> dict[str, Any]:
    return {"pk": _other(w, status="proposed").pk}


def other_confirmed_allocation(w: World) -> dict[str, Any]:
    return {"pk": _other(w).pk}


def other_approved_proposal(w: World) -> dict[str, Any]:
    return {"proposal_pk": _other(w, status="proposed").proposal_id}


def other_proposed_disbursement(w: World) -> dict[str, Any]:
    return {"pk": DisbursementFactory(allocation=_other(w), status="proposed").pk}


def other_members_sheet(w: World) -> dict[str, Any]:
    from tests.factories import CouncilFactory
    from tests.factories_review import proposal_in, with_council

    proposal = proposal_in("under_appraisal", facility=w.users["facility"].facility)
    stranger = CouncilFactory(username="c-stranger")
    appraisal = with_council(proposal, [stranger, CouncilFactory(username="c-stranger2")])
    return {"pk": appraisal.sheets.get(member=stranger).pk}


VIEW = only(OK, BUDGET)
# An unknown id: 404 to the roles that see the money pages (they may list every object, so the
# answer tells them nothing new), 403 to everyone else, exactly as for an existing object.
GONE = only(NOT_FOUND, BUDGET)

CASES = [
    # the other locality's money: the same answers as the own locality's
    Case("budgets:allocation_review", VIEW, kwargs=other_proposed_allocation, label="other-l2"),
    Case(
        "budgets:allocation_confirm",
        only(REDIRECT, ("finance",)),
        kwargs=other_proposed_allocation,
        method="post",
        label="other-l2",
    ),
    Case(
        "budgets:allocation_refuse",
        only(BAD, ("finance",)),
        kwargs=other_proposed_allocation,
        method="post",
        label="other-l2",
    ),
    Case(
        "budgets:allocation_propose",
        only(BAD, ("dit",)),
        kwargs=other_approved_proposal,
        method="post",
        label="other-l2",
    ),
    Case(
        "budgets:disbursement_record",
        only(OK, ("dit",)),
        kwargs=other_confirmed_allocation,
        label="other-l2",
    ),
    Case("budgets:disbursement_review", VIEW, kwargs=other_proposed_disbursement, label="other-l2"),
    Case(
        "budgets:disbursement_confirm",
        only(REDIRECT, ("finance",)),
        kwargs=other_proposed_disbursement,
        method="post",
        label="other-l2",
    ),
    Case(
        "budgets:disbursement_refuse",
        only(BAD, ("finance",)),
        kwargs=other_proposed_disbursement,
        method="post",
        label="other-l2",
    ),
    # ids that do not exist
    Case("budgets:appropriation_detail", GONE, kwargs=unknown(), label="unknown"),
    Case(
        "budgets:appropriation_adjust",
        only(NOT_FOUND, ("finance",)),
        kwargs=unknown(),
        method="post",
        label="unknown",
    ),
    Case("budgets:allocation_review", GONE, kwargs=unknown(), label="unknown"),
    Case(
        "budgets:allocation_confirm",
        GONE,
        kwargs=unknown(),
        method="post",
        label="unknown",
    ),
    Case(
        "budgets:allocation_refuse",
        GONE,
        kwargs=unknown(),
        method="post",
        label="unknown",
    ),
    Case(
        "budgets:allocation_propose",
        only(NOT_FOUND, ("dit",)),
        kwargs=unknown("proposal_pk"),
        method="post",
        label="unknown",
    ),
    Case(
        "budgets:disbursement_record",
        GONE,
        kwargs=unknown(),
        label="unknown",
    ),
    Case("budgets:disbursement_review", GONE, kwargs=unknown(), label="unknown"),
    Case(
        "budgets:disbursement_confirm",
        GONE,
        kwargs=unknown(),
        method="post",
        label="unknown",
    ),
    Case(
        "budgets:disbursement_refuse",
        GONE,
        kwargs=unknown(),
        method="post",
        label="unknown",
    ),
    Case("budgets:statement_detail", GONE, kwargs=unknown(), label="unknown"),
    # a council member and another member's score sheet
    Case(
        "proposals:scoresheet_form",
        only(NOT_FOUND, ("council",)),
        kwargs=other_members_sheet,
        label="other-member",
    ),
    Case(
        "proposals:scoresheet_form",
        only(NOT_FOUND, ("council",)),
        kwargs=other_members_sheet,
        method="post",
        label="other-member-submit",
    ),
]
