from typing import Any

from tests.factories import ProposalFactory
from tests.matrix import NOT_FOUND, OK, Case, World, logged_in


def submitted_in_l1(w: World) -> dict[str, Any]:
    """A submitted proposal of the "facility" persona, in the locality of "district"."""
    proposal = ProposalFactory(
        facility=w.users["facility"].facility, created_by=w.users["facility"], state="submitted"
    )
    return {"pk": proposal.pk}


# Who may see a submitted proposal of l1: its facility, l1's officer and the DIT side.
VISIBLE = logged_in(OK, facility_other=NOT_FOUND, district_other=NOT_FOUND, council=NOT_FOUND)

CASES = [
    Case("proposals:proposal_detail", VISIBLE, kwargs=submitted_in_l1),
]
