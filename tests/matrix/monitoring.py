"""Implementation monitoring URLs × personas.

The proposals belong to the "facility" persona in l1: its owner, l1's officer and the DIT side
see them; the outsiders of l2 and council members get 404. A visible page the role has no
business with answers 403.
"""

import datetime as dt
from typing import Any

from proposals.models import MonitoringFile
from tests.factories_monitoring import (
    ChangeRequestFactory,
    approved_proposal,
    in_progress_proposal,
    pdf,
)
from tests.matrix import FORBIDDEN, NOT_FOUND, OK, REDIRECT, Case, World, logged_in, only


def approved(w: World) -> dict[str, Any]:
    return {"pk": approved_proposal(w.users["facility"]).pk}


def running(w: World) -> dict[str, Any]:
    return {"pk": in_progress_proposal(w.users["facility"]).pk}


def pending_change(w: World) -> dict[str, Any]:
    proposal = in_progress_proposal(w.users["facility"])
    return {"pk": ChangeRequestFactory(proposal=proposal).pk}


def stored_file(w: World) -> dict[str, Any]:
    proposal = in_progress_proposal(w.users["facility"])
    stored = MonitoringFile.objects.create(
        proposal=proposal,
        kind="photo",
        file=pdf(),
        original_name="bien-ban.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=w.users["facility"],
    )
    return {"pk": stored.pk}


def only_in_scope(role: str, status: int) -> dict[str, int | str]:
    """``role`` gets ``status``; other viewers 403; those outside the scope 404."""
    return logged_in(
        FORBIDDEN,
        facility_other=NOT_FOUND,
        district_other=NOT_FOUND,
        council=NOT_FOUND,
        **{role: status},
    )


VISIBLE = logged_in(OK, facility_other=NOT_FOUND, district_other=NOT_FOUND, council=NOT_FOUND)
LIST_ROLES = ("dit", "leader", "district", "district_other", "finance", "admin")

CASES = [
    Case("proposals:monitoring_list", only(OK, LIST_ROLES)),
    Case("proposals:monitoring_facility_due", only(OK, ("facility", "facility_other"))),
    Case("proposals:proposal_start", only_in_scope("dit", OK), kwargs=approved),
    Case(
        "proposals:proposal_start",
        only_in_scope("dit", REDIRECT),
        kwargs=approved,
        method="post",
        data=lambda w: {"contract_number": "HĐ-01", "contract_date": dt.date.today().isoformat()},
    ),
    Case("proposals:progress_report_create", only_in_scope("facility", OK), kwargs=running),
    Case("proposals:inspection_create", only_in_scope("dit", OK), kwargs=running),
    Case("proposals:change_request_create", only_in_scope("facility", OK), kwargs=running),
    Case("proposals:change_request_detail", VISIBLE, kwargs=pending_change),
    Case(
        "budgets:change_request_decide",
        only_in_scope("dit", REDIRECT),
        kwargs=pending_change,
        method="post",
        data=lambda w: {"decision": "approve", "note": "Đồng ý."},
    ),
    Case("budgets:acceptance_create", only_in_scope("dit", OK), kwargs=running),
    Case("budgets:proposal_cancel", only_in_scope("leader", OK), kwargs=running),
    Case(
        "budgets:proposal_cancel",
        only_in_scope("leader", REDIRECT),
        kwargs=running,
        method="post",
        data=lambda w: {"reason": "Cơ sở ngừng hoạt động."},
    ),
    Case("proposals:monitoring_file", VISIBLE, kwargs=stored_file),
]
