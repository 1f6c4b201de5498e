"""Money writes, one module per entity. Each holds its invariant under row locks taken in one
order (proposal, appropriation(s) by pk, allocation); see ``common``.

``from budgets import services`` keeps working: every public service is re-exported here.
"""

from budgets.services.allocations import (
    allocation_confirm,
    allocation_propose,
    allocation_refuse,
    allocations_release,
)
from budgets.services.appropriations import appropriation_adjust, appropriation_create
from budgets.services.disbursements import (
    advance_ceiling,
    disbursement_confirm,
    disbursement_record,
    disbursement_refuse,
)
from budgets.services.settlement import settlement_confirm, settlement_limits

__all__ = [
    "advance_ceiling",
    "allocation_confirm",
    "allocation_propose",
    "allocation_refuse",
    "allocations_release",
    "appropriation_adjust",
    "appropriation_create",
    "disbursement_confirm",
    "disbursement_record",
    "disbursement_refuse",
    "settlement_confirm",
    "settlement_limits",
]
