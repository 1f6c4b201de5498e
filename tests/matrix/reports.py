from typing import Any

from django.core.files.base import ContentFile

from tests.factories import ProposalFactory
from tests.factories_reports import YEAR, GeneratedDocumentFactory
from tests.matrix import (
    NOT_FOUND,
    OK,
    REDIRECT,
    Case,
    World,
    everyone,
    logged_in,
    only,
)

PROVINCIAL = ("dit", "leader", "finance")


def dossier_of_l1(w: World) -> dict[str, Any]:
    proposal = ProposalFactory(
        facility=w.users["facility"].facility, created_by=w.users["facility"], state="submitted"
    )
    return {"kind": "dossier", "proposal": proposal.pk, "format": "xlsx"}


def list_of_l1(w: World) -> dict[str, Any]:
    return {"kind": "district-list", "locality": w.l1.pk, "year": YEAR, "format": "xlsx"}


def provincial(kind: str) -> Any:
    return lambda w: {"kind": kind, "year": YEAR, "format": "xlsx"}


def document_of_dit(w: World) -> dict[str, Any]:
    document = GeneratedDocumentFactory(owner=w.users["dit"], status="done", progress=100)
    document.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    document.filename = "bao-cao.pdf"
    document.save(update_fields=["file", "filename"])
    return {"pk": document.pk}


def plan_submitted(w: World) -> dict[str, Any]:
    from reports.services.plan import plan_aggregate
    from reports.services.plan_approval import plan_submit

    plan_aggregate(year=YEAR, triggered_by=w.users["dit"])
    return {"pk": plan_submit(year=YEAR, actor=w.users["dit"]).pk}


# A dossier: its facility, its district and the provincial offices; 404 for the other
# facility and district; 403 for roles that never print dossiers.
DOSSIER = only(
    OK,
    ("facility", "district", *PROVINCIAL),
    facility_other=NOT_FOUND,
    district_other=NOT_FOUND,
)
DISTRICT_LIST = only(OK, ("district", *PROVINCIAL), district_other=NOT_FOUND)
OWNER_ONLY = logged_in(NOT_FOUND, dit=OK)

CASES = [
    Case("reports:index", logged_in(OK)),
    Case("reports:document_direct", DOSSIER, data=dossier_of_l1, label="dossier"),
    Case("reports:document_direct", DISTRICT_LIST, data=list_of_l1, label="district-list"),
    Case(
        "reports:document_direct",
        # large: refused directly (sent to the background form), still scoped by role
        only(REDIRECT, PROVINCIAL),
        data=provincial("annual-plan"),
        label="annual-plan",
    ),
    Case(
        "reports:document_create",
        {**DOSSIER, **{k: REDIRECT for k, v in DOSSIER.items() if v == OK}},
        method="post",
        data=dossier_of_l1,
        label="dossier",
    ),
    Case(
        "reports:document_create",
        only(REDIRECT, ("district", *PROVINCIAL), district_other=NOT_FOUND),
        method="post",
        data=list_of_l1,
        label="district-list",
    ),
    Case(
        "reports:document_create",
        only(REDIRECT, PROVINCIAL),
        method="post",
        data=provincial("results"),
        label="results",
    ),
    Case(
        "reports:document_create",
        only(REDIRECT, PROVINCIAL),
        method="post",
        data=provincial("reconciliation"),
        label="reconciliation",
    ),
    Case(
        "reports:document_create",
        only(REDIRECT, PROVINCIAL),
        method="post",
        data=provincial("decision"),
        label="decision",
    ),
    Case("reports:my_documents", logged_in(OK)),
    Case("reports:document_detail", OWNER_ONLY, kwargs=document_of_dit),
    Case("reports:document_progress", OWNER_ONLY, kwargs=document_of_dit),
    Case("reports:document_download", OWNER_ONLY, kwargs=document_of_dit),
    Case("reports:plan", only(OK, PROVINCIAL)),
    Case(
        "reports:plan_run",
        only(REDIRECT, ("dit",)),
        method="post",
        data=lambda w: {"year": YEAR},
    ),
    Case(
        "reports:plan_submit",
        only(REDIRECT, ("dit",)),
        method="post",
        data=lambda w: {"year": YEAR},
    ),
    Case(
        "reports:plan_approve",
        only(REDIRECT, ("leader",)),
        method="post",
        kwargs=plan_submitted,
        data=lambda w: {"decision_number": "5/QĐ-SCT", "decision_date": "01/01/2026"},
    ),
    Case(
        "reports:plan_return",
        only(REDIRECT, ("leader",)),
        method="post",
        kwargs=plan_submitted,
        data=lambda w: {"reason": "Bổ sung số liệu."},
    ),
    # A plan approval is province-wide: the only "outside" is one that does not exist.
    Case(
        "reports:plan_approve",
        only(NOT_FOUND, ("leader",)),
        method="post",
        kwargs=lambda w: {"pk": 999_999},
        data=lambda w: {"decision_number": "5/QĐ-SCT", "decision_date": "01/01/2026"},
        label="missing",
    ),
    Case(
        "reports:plan_return",
        only(NOT_FOUND, ("leader",)),
        method="post",
        kwargs=lambda w: {"pk": 999_999},
        data=lambda w: {"reason": "Bổ sung số liệu."},
        label="missing",
    ),
    Case("reports:public_list", everyone(OK)),
    Case("reports:public_list_csv", everyone(OK)),
    Case("reports:public_list_json", everyone(OK)),
]
