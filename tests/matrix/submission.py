"""Issue 3: the facility's proposal pages, the attachment download and the public lookup."""

from typing import Any

from proposals.models import Attachment, CostLine
from tests.factories import ProposalFactory
from tests.factories_submission import PDF_BYTES, make_attachment, upload
from tests.matrix import (
    BAD,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    REDIRECT,
    Case,
    World,
    everyone,
    logged_in,
    only,
)


def _proposal(w: World, state: str):
    owner = w.users["facility"]
    return ProposalFactory(facility=owner.facility, created_by=owner, state=state)


def draft(w: World) -> dict[str, Any]:
    return {"pk": _proposal(w, "draft").pk}


def submitted(w: World) -> dict[str, Any]:
    return {"pk": _proposal(w, "submitted").pk}


def draft_line(w: World) -> dict[str, Any]:
    proposal = _proposal(w, "draft")
    line = CostLine.objects.create(
        proposal=proposal, content="Máy", unit="máy", quantity=1, unit_price=10, amount=10
    )
    return {"pk": proposal.pk, "line_pk": line.pk}


def draft_attachment(w: World) -> dict[str, Any]:
    proposal = _proposal(w, "draft")
    return {"pk": proposal.pk, "attachment_pk": make_attachment(proposal).pk}


def submitted_attachment(w: World) -> dict[str, Any]:
    proposal = _proposal(w, "submitted")
    return {"pk": proposal.pk, "attachment_pk": make_attachment(proposal).pk}


def attachment_of(state: str):
    def build(w: World) -> dict[str, Any]:
        return {"pk": make_attachment(_proposal(w, state)).pk}

    return build


LINE = {"content": "Máy sấy", "unit": "máy", "quantity": "2", "unit_price": "1000000"}
LINE |= {"requested_support": "500000"}

# The facility's own pages: other roles are refused by role (403, nothing looked up), the
# other facility does not learn the proposal exists (404).
OWNER_ONLY = only(OK, ("facility",), facility_other=NOT_FOUND)
OWNER_WRITE = only(REDIRECT, ("facility",), facility_other=NOT_FOUND)
# Seeing a submitted proposal of l1: its facility, l1's officer and the DIT side.
VISIBLE = logged_in(OK, facility_other=NOT_FOUND, district_other=NOT_FOUND, council=NOT_FOUND)
# A workflow action the persona sees the proposal but may not take: 403; out of scope: 404.
REFUSED_ON_SUBMITTED = logged_in(
    FORBIDDEN, facility_other=NOT_FOUND, district_other=NOT_FOUND, council=NOT_FOUND
)
ONLY_OWNER_SEES_DRAFT = logged_in(NOT_FOUND)

CASES = [
    Case("proposals:my_proposals", only(OK, ("facility", "facility_other"))),
    Case("proposals:facility_profile", only(OK, ("facility", "facility_other"))),
    Case("proposals:proposal_new", only(OK, ("facility", "facility_other"))),
    Case(
        "proposals:proposal_new",
        only(REDIRECT, ("facility", "facility_other")),
        method="post",
        data=lambda w: {"title": "Đề án nháp"},
        label="save",
    ),
    Case("proposals:proposal_edit", OWNER_ONLY, kwargs=draft),
    Case(
        "proposals:proposal_edit",
        only(FORBIDDEN, ("facility",), facility_other=NOT_FOUND),
        kwargs=submitted,
        label="submitted",
    ),
    Case(
        "proposals:proposal_edit",
        only(FORBIDDEN, ("facility",), facility_other=NOT_FOUND),
        kwargs=submitted,
        method="post",
        data=lambda w: {"title": "Sửa sau khi nộp"},
        label="submitted-post",
    ),
    # An incomplete draft: the owner gets the list of problems (400); nobody else sees it.
    Case(
        "proposals:proposal_submit",
        {**ONLY_OWNER_SEES_DRAFT, "anon": "login", "facility": BAD},
        kwargs=lambda w: {
            "pk": ProposalFactory(
                facility=w.users["facility"].facility,
                created_by=w.users["facility"],
                state="draft",
                title="",
            ).pk
        },
        method="post",
    ),  # fmt: skip
    Case(
        "proposals:proposal_submit",
        REFUSED_ON_SUBMITTED,
        kwargs=submitted,
        method="post",
        label="submitted",
    ),
    Case(
        "proposals:proposal_withdraw",
        {**ONLY_OWNER_SEES_DRAFT, "anon": "login", "facility": OK},
        kwargs=draft,
    ),
    Case(
        "proposals:proposal_withdraw",
        {**REFUSED_ON_SUBMITTED, "facility": REDIRECT},
        kwargs=submitted,
        method="post",
        data=lambda w: {"reason": "Cơ sở đổi kế hoạch đầu tư"},
        label="submitted",
    ),
    Case(
        "proposals:proposal_draft_delete",
        {**ONLY_OWNER_SEES_DRAFT, "anon": "login", "facility": REDIRECT},
        kwargs=draft,
        method="post",
    ),
    Case(
        "proposals:proposal_draft_delete",
        REFUSED_ON_SUBMITTED,
        kwargs=submitted,
        method="post",
        label="submitted",
    ),
    Case(
        "proposals:costline_add",
        OWNER_WRITE,
        kwargs=draft,
        method="post",
        data=lambda w: LINE,
    ),
    Case(
        "proposals:costline_add",
        only(FORBIDDEN, ("facility",), facility_other=NOT_FOUND),
        kwargs=submitted,
        method="post",
        data=lambda w: LINE,
        label="submitted",
    ),
    Case("proposals:costline_edit", OWNER_ONLY, kwargs=draft_line),
    Case("proposals:costline_remove", OWNER_WRITE, kwargs=draft_line, method="post"),
    Case(
        "proposals:production_line",
        OWNER_WRITE,
        kwargs=draft,
        method="post",
        data=lambda w: {"is_production_line": "on"},
    ),
    Case(
        "proposals:attachment_upload",
        OWNER_WRITE,
        kwargs=draft,
        method="post",
        data=lambda w: {"kind": Attachment.Kind.OTHER, "file": upload("a.pdf", PDF_BYTES)},
    ),
    Case(
        "proposals:attachment_replace",
        OWNER_WRITE,
        kwargs=draft_attachment,
        method="post",
        data=lambda w: {"file": upload("b.pdf", PDF_BYTES)},
    ),
    Case("proposals:attachment_remove", OWNER_WRITE, kwargs=draft_attachment, method="post"),
    Case(
        "proposals:attachment_remove",
        only(FORBIDDEN, ("facility",), facility_other=NOT_FOUND),
        kwargs=submitted_attachment,
        method="post",
        label="submitted",
    ),
    Case("proposals:attachment_download", VISIBLE, kwargs=attachment_of("submitted")),
    Case(
        "proposals:attachment_download",
        logged_in(NOT_FOUND, facility=OK),
        kwargs=attachment_of("draft"),
        label="draft",
    ),
    Case("proposals:dossier_lookup", everyone(OK)),
    Case(
        "proposals:dossier_lookup",
        everyone(OK),
        method="post",
        data=lambda w: {"code": "KC-2027-9999", "tax_code": "0100233488"},
        label="search",
    ),
]
