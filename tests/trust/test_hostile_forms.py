"""Hostile input over every form of the portal (issue 8).

For each form a user can post, hypothesis fills the fields the page really shows (read from its
HTML, so dynamic per-cost-line fields are included) with hostile text, numbers, dates, Unicode,
very long values and hostile files. Every answer must be below 500, and a refused post must
leave every table as it was (no partial write); an accepted one always leaves its audit row.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgets.models import Confirmation
from khuyencong.models import AuditLog
from tests.factories import CouncilFactory, FacilityFactory, FacilityOwnerFactory
from tests.factories_budget import AllocationFactory, AppropriationFactory, DisbursementFactory
from tests.factories_monitoring import approved_proposal, in_progress_proposal
from tests.factories_review import appraised, proposal_in, with_council
from tests.factories_submission import PDF_BYTES, complete_draft
from tests.trust.hostile import Field, field_strategy, form_for
from tests.trust.test_hostile_uploads import HOSTILE as HOSTILE_FILES

EXAMPLES = int(os.environ.get("KC_HOSTILE_EXAMPLES", "20"))
COUNTER = {"examples": 0}


@pytest.fixture(autouse=True, scope="module")
def _report_the_number_of_hostile_examples():
    # Printed for the README (run the module with -s to see the total); a fixture rather than
    # a test, so the figure is the module's whole total whatever order the tests run in.
    yield
    print(f"\nhostile form examples: {COUNTER['examples']}")

Setup = Callable[[Any], tuple[str, str]]


@dataclass(frozen=True)
class Target:
    name: str
    persona: str
    setup: Setup  # (page showing the form, URL the form posts to)


def _url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def _same(name: str) -> Setup:
    return lambda w: (_url(name), _url(name))


def _on_detail(state: str, action: str, make: Callable[[Any], Any] | None = None) -> Setup:
    def setup(w: Any) -> tuple[str, str]:
        proposal = make(w) if make else proposal_in(state, facility=w.users["facility"].facility)
        return (
            _url("proposals:proposal_detail", proposal.pk),
            _url("proposals:proposal_act", proposal.pk, action),
        )

    return setup


def _page(name: str, make: Callable[[Any], Any]) -> Setup:
    def setup(w: Any) -> tuple[str, str]:
        url = _url(name, make(w).pk)
        return url, url

    return setup


def _under_appraisal(w: Any):
    proposal = proposal_in("under_appraisal", facility=w.users["facility"].facility)
    with_council(proposal, scored=2)
    return proposal


def _sheet(w: Any):
    proposal = proposal_in("under_appraisal", facility=w.users["facility"].facility)
    return with_council(proposal, [w.users["council"], CouncilFactory()]).sheets.get(
        member=w.users["council"]
    )


def _draft(w: Any):
    return complete_draft(w.users["facility"])


def _costline_add(w: Any) -> tuple[str, str]:
    draft = _draft(w)
    return _url("proposals:proposal_edit", draft.pk), _url("proposals:costline_add", draft.pk)


def _costline_edit(w: Any) -> tuple[str, str]:
    draft = _draft(w)
    line = draft.lines.first()
    url = _url("proposals:costline_edit", draft.pk, line.pk)
    return url, url


def _attachment_upload(w: Any) -> tuple[str, str]:
    draft = _draft(w)
    return _url("proposals:proposal_edit", draft.pk), _url("proposals:attachment_upload", draft.pk)


def _bulk(w: Any) -> tuple[str, str]:
    appraised(facility=w.users["facility"].facility)
    return _url("proposals:leader_decisions"), _url("proposals:leader_bulk_approve")


def _allocation_propose(w: Any) -> tuple[str, str]:
    appropriation = AppropriationFactory(plan_year=2027)
    proposal = proposal_in(
        "approved",
        facility=w.users["facility"].facility,
        approved_amount=300_000_000,
        plan_year=2027,
        fund_source=appropriation.fund_source,
    )
    return _url("budgets:allocation_board"), _url("budgets:allocation_propose", proposal.pk)


def _adjust(w: Any) -> tuple[str, str]:
    appropriation = AppropriationFactory()
    return (
        _url("budgets:appropriation_detail", appropriation.pk),
        _url("budgets:appropriation_adjust", appropriation.pk),
    )


def _confirmed_allocation(w: Any):
    return AllocationFactory(proposal__facility=w.users["facility"].facility)


def _settlement(w: Any) -> tuple[str, str]:
    allocation = AllocationFactory(
        amount=300_000_000, proposal__state="accepted", proposal__accepted_support=300_000_000
    )
    url = _url("budgets:settlement_create", allocation.proposal_id)
    return url, url


def _refuse_allocation(w: Any) -> tuple[str, str]:
    allocation = AllocationFactory(status=Confirmation.PROPOSED)
    return (
        _url("budgets:allocation_review", allocation.pk),
        _url("budgets:allocation_refuse", allocation.pk),
    )


def _refuse_disbursement(w: Any) -> tuple[str, str]:
    disbursement = DisbursementFactory(status=Confirmation.PROPOSED)
    return (
        _url("budgets:disbursement_review", disbursement.pk),
        _url("budgets:disbursement_refuse", disbursement.pk),
    )


def _change_decide(w: Any) -> tuple[str, str]:
    from tests.test_audit_completeness import _change_request

    request = _change_request(w)
    return (
        _url("proposals:change_request_detail", request.pk),
        _url("budgets:change_request_decide", request.pk),
    )


def _facility_refuse(w: Any) -> tuple[str, str]:
    facility = FacilityFactory(locality=w.l1, status="pending", name="Cơ sở chờ")
    FacilityOwnerFactory(facility=facility, is_active=False)
    return (
        _url("proposals:facility_detail", facility.pk),
        _url("proposals:facility_refuse", facility.pk),
    )


def _withdraw(w: Any) -> tuple[str, str]:
    proposal = proposal_in("submitted", facility=w.users["facility"].facility)
    url = _url("proposals:proposal_withdraw", proposal.pk)
    return url, url


TARGETS = [
    # registration and the đề án
    Target("registration", "anon", _same("proposals:register")),
    Target("proposal-new", "facility", _same("proposals:proposal_new")),
    Target("proposal-edit", "facility", _page("proposals:proposal_edit", _draft)),
    Target("costline-add", "facility", _costline_add),
    Target("costline-edit", "facility", _costline_edit),
    Target("attachment-upload", "facility", _attachment_upload),
    Target("facility-profile", "facility", _same("proposals:facility_profile")),
    Target("withdraw", "facility", _withdraw),
    Target("facility-refuse", "district", _facility_refuse),
    # review, appraisal, approval
    Target("forward", "district", _on_detail("submitted", "forward")),
    Target("return", "district", _on_detail("submitted", "return")),
    Target("start-appraisal", "dit", _on_detail("forwarded", "start_appraisal")),
    Target("scores", "council", _page("proposals:scoresheet_form", _sheet)),
    Target("conclude", "dit", _on_detail("", "conclude_appraisal", _under_appraisal)),
    Target(
        "approve",
        "leader",
        _on_detail("", "approve", lambda w: appraised(facility=w.users["facility"].facility)),
    ),
    Target("bulk-approve", "leader", _bulk),
    # money
    Target("appropriation", "finance", _same("budgets:appropriation_list")),
    Target("appropriation-adjust", "finance", _adjust),
    Target("allocation", "dit", _allocation_propose),
    Target("allocation-refuse", "finance", _refuse_allocation),
    Target("disbursement", "dit", _page("budgets:disbursement_record", _confirmed_allocation)),
    Target("disbursement-refuse", "finance", _refuse_disbursement),
    Target("settlement", "finance", _settlement),
    Target("statement-import", "finance", _same("budgets:statement_list")),
    # monitoring
    Target(
        "start",
        "dit",
        _page("proposals:proposal_start", lambda w: approved_proposal(w.users["facility"])),
    ),
    Target(
        "progress-report",
        "facility",
        _page(
            "proposals:progress_report_create",
            lambda w: in_progress_proposal(w.users["facility"]),
        ),
    ),
    Target(
        "inspection",
        "dit",
        _page("proposals:inspection_create", lambda w: in_progress_proposal(w.users["facility"])),
    ),
    Target(
        "change-request",
        "facility",
        _page(
            "proposals:change_request_create", lambda w: in_progress_proposal(w.users["facility"])
        ),
    ),
    Target("change-decision", "dit", _change_decide),
    Target(
        "acceptance",
        "dit",
        _page("budgets:acceptance_create", lambda w: in_progress_proposal(w.users["facility"])),
    ),
    Target(
        "cancel",
        "leader",
        _page("budgets:proposal_cancel", lambda w: approved_proposal(w.users["facility"])),
    ),
    # documents
    Target("document", "dit", lambda w: (_url("reports:index"), _url("reports:document_create"))),
]

FILES = st.one_of(
    st.sampled_from(sorted(HOSTILE_FILES)).map(
        lambda key: SimpleUploadedFile(HOSTILE_FILES[key][0], HOSTILE_FILES[key][1])
    ),
    st.binary(max_size=2048).map(lambda b: SimpleUploadedFile("x\x00\r\n.pdf", b)),
    st.just(None).map(lambda _: SimpleUploadedFile("ok.pdf", PDF_BYTES)),
    st.text(max_size=300).map(
        lambda t: SimpleUploadedFile("bang-ke.csv", t.encode("utf-8", "surrogatepass"))
    ),
)


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in ("khuyencong", "proposals", "budgets", "reports")
        and model._meta.label not in ("khuyencong.Notification",)
    }


def _value_strategy(f: Field) -> st.SearchStrategy:
    return FILES if f.kind == "file" else field_strategy(f)


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_hostile_input_never_errors_nor_writes_half(world, target):
    client = Client(raise_request_exception=True)
    if target.persona != "anon":
        client.force_login(world.users[target.persona])
    page_url, post_url = target.setup(world)
    page = client.get(page_url)
    assert page.status_code == 200, (page_url, page.status_code)
    form = form_for(page.content.decode(), page_url, post_url)
    assert form.fields, f"{target.name}: no field found"
    values = st.fixed_dictionaries({name: _value_strategy(f) for name, f in form.fields.items()})

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(data=values)
    def post(data: dict[str, Any]) -> None:
        COUNTER["examples"] += 1
        before, audit_before = _row_counts(), AuditLog.objects.count()
        payload = {k: v for k, v in data.items() if v is not None}
        for value in payload.values():
            if isinstance(value, SimpleUploadedFile):
                value.seek(0)
        response = client.post(post_url, payload)
        assert response.status_code < 500, (target.name, payload)
        after = _row_counts()
        if AuditLog.objects.count() == audit_before:
            # Refused (or nothing to do): not one row anywhere changed.
            assert after == before, (target.name, response.status_code)

    post()


def test_every_form_kind_is_targeted():
    names = {t.name for t in TARGETS}
    for kind in (
        "registration",
        "proposal-edit",
        "costline-add",
        "scores",
        "approve",
        "allocation",
        "disbursement",
        "statement-import",
        "progress-report",
        "acceptance",
    ):
        assert kind in names

