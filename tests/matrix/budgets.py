"""Budget URLs: the DIT and Finance side see the money pages, facilities only their own
proposal's money history, district officers only their locality's totals."""

from typing import Any

from tests.factories_budget import AllocationFactory, AppropriationFactory, DisbursementFactory
from tests.matrix import BAD, FORBIDDEN, NOT_FOUND, OK, REDIRECT, Case, World, only

BUDGET = ("finance", "dit", "leader", "admin")
VIEW = only(OK, BUDGET)


def _allocation(w: World, **kwargs: Any):
    return AllocationFactory(
        proposal__facility=w.users["facility"].facility,
        proposal__created_by=w.users["facility"],
        **kwargs,
    )


def appropriation(w: World) -> dict[str, Any]:
    return {"pk": AppropriationFactory().pk}


def proposed_allocation(w: World) -> dict[str, Any]:
    return {"pk": _allocation(w, status="proposed").pk}


def confirmed_allocation(w: World) -> dict[str, Any]:
    return {"pk": _allocation(w).pk}


def approved_proposal(w: World) -> dict[str, Any]:
    return {"proposal_pk": _allocation(w, status="proposed").proposal_id}


def funded_proposal(w: World) -> dict[str, Any]:
    return {"pk": _allocation(w).proposal_id}


def accepted_proposal(w: World) -> dict[str, Any]:
    allocation = _allocation(w, proposal__state="accepted", proposal__accepted_support=1)
    return {"pk": allocation.proposal_id}


def proposed_disbursement(w: World) -> dict[str, Any]:
    return {"pk": DisbursementFactory(allocation=_allocation(w), status="proposed").pk}


def statement(w: World) -> dict[str, Any]:
    from budgets.models import StatementImport

    return {
        "pk": StatementImport.objects.create(
            plan_year=2027, file_name="bk.csv", uploaded_by=w.users["finance"]
        ).pk
    }


# The proposal belongs to "facility" in l1.
IN_SCOPE = only(
    OK,
    (*BUDGET, "facility", "district"),
    facility_other=NOT_FOUND,
    district_other=NOT_FOUND,
    council=NOT_FOUND,
)
SETTLE = only(
    OK,
    ("finance",),
    facility_other=NOT_FOUND,
    district_other=NOT_FOUND,
    council=NOT_FOUND,
)

CASES = [
    Case("budgets:home", only(OK, (*BUDGET, "district", "district_other"))),
    Case("budgets:reconciliation", VIEW),
    Case("budgets:money_history", IN_SCOPE, kwargs=funded_proposal),
    Case("budgets:money_panel", IN_SCOPE, kwargs=funded_proposal),
    Case("budgets:settlement_create", SETTLE, kwargs=accepted_proposal),
    Case("budgets:appropriation_list", VIEW),
    Case(
        "budgets:appropriation_list",
        only(BAD, ("finance",)),
        method="post",
        label="create-invalid",
    ),
    Case("budgets:appropriation_detail", VIEW, kwargs=appropriation),
    Case(
        "budgets:appropriation_adjust",
        only(BAD, ("finance",)),
        kwargs=appropriation,
        method="post",
    ),
    Case("budgets:allocation_board", VIEW),
    Case("budgets:allocation_preview", VIEW, data=lambda w: {"amount": "1.000"}),
    Case(
        "budgets:allocation_propose",
        only(BAD, ("dit",)),
        kwargs=approved_proposal,
        method="post",
    ),
    Case("budgets:allocation_review", VIEW, kwargs=proposed_allocation),
    Case(
        "budgets:allocation_confirm",
        only(REDIRECT, ("finance",)),
        kwargs=proposed_allocation,
        method="post",
    ),
    Case(
        "budgets:allocation_refuse",
        only(BAD, ("finance",)),
        kwargs=proposed_allocation,
        method="post",
    ),
    Case("budgets:disbursement_record", only(OK, ("dit",)), kwargs=confirmed_allocation),
    Case("budgets:disbursement_review", VIEW, kwargs=proposed_disbursement),
    Case(
        "budgets:disbursement_confirm",
        only(REDIRECT, ("finance",)),
        kwargs=proposed_disbursement,
        method="post",
    ),
    Case(
        "budgets:disbursement_refuse",
        only(BAD, ("finance",)),
        kwargs=proposed_disbursement,
        method="post",
    ),
    Case("budgets:statement_list", VIEW),
    Case("budgets:statement_list", only(BAD, ("finance",)), method="post", label="upload-empty"),
    Case("budgets:statement_detail", VIEW, kwargs=statement),
]

__all__ = ["CASES", "FORBIDDEN"]
