"""Dossier codes stay unique and gap-free when many facilities submit at once (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from khuyencong.exceptions import ServiceError
from proposals.models import Attachment, DossierSequence, Proposal, Revision
from proposals.services.submission import attachment_remove, proposal_submit
from tests.conftest import requires_postgres
from tests.factories import (
    DistrictOfficerFactory,
    FacilityFactory,
    FacilityOwnerFactory,
    locality,
)
from tests.factories_submission import complete_draft

N = 20
# transaction=True flushes the tables after each test, seed data from the data migrations
# included; serialized_rollback restores it so the next transactional test still has it.


@requires_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_submissions_get_twenty_gap_free_codes():
    DistrictOfficerFactory(username="officer-857", locality=locality("857"))
    proposals = []
    for i in range(N):
        owner = FacilityOwnerFactory(
            username=f"owner-{i}", facility=FacilityFactory(locality=locality("857"))
        )
        proposals.append((owner, complete_draft(owner)))
    barrier = threading.Barrier(N)
    errors: list[BaseException] = []

    def submit(owner, proposal):
        try:
            barrier.wait(timeout=30)
            proposal_submit(actor=owner, proposal=proposal)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=pair) for pair in proposals]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    year = proposals[0][1].plan_year
    codes = sorted(Proposal.objects.filter(state="submitted").values_list("code", flat=True))
    assert codes == [f"KC-{year}-{n:04d}" for n in range(1, N + 1)]


@requires_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_double_submission_of_one_proposal_takes_one_number():
    owner = FacilityOwnerFactory(username="owner-double", facility=FacilityFactory())
    proposal = complete_draft(owner)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit():
        try:
            barrier.wait(timeout=30)
            proposal_submit(actor=owner, proposal=Proposal.objects.get(pk=proposal.pk))
            outcomes.append("ok")
        except ServiceError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["ok", "refused"]
    assert DossierSequence.objects.get(year=proposal.plan_year).last == 1
    assert Revision.objects.filter(proposal=proposal).count() == 1


@requires_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_removing_the_registration_while_submitting_never_submits_without_it():
    owner = FacilityOwnerFactory(username="owner-race", facility=FacilityFactory())
    proposal = complete_draft(owner)
    registration = proposal.attachments.get(kind=Attachment.Kind.REGISTRATION)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def run(name, call):
        try:
            barrier.wait(timeout=30)
            call()
            outcomes[name] = "ok"
        except ServiceError:
            outcomes[name] = "refused"
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=run,
            args=("submit", lambda: proposal_submit(actor=owner, proposal=proposal)),
        ),
        threading.Thread(
            target=run,
            args=("remove", lambda: attachment_remove(actor=owner, attachment=registration)),
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    # The proposal row lock orders them: one wins, the other is refused.
    assert sorted(outcomes.values()) == ["ok", "refused"]
    registration.refresh_from_db()
    proposal.refresh_from_db()
    if outcomes["submit"] == "ok":
        assert proposal.state == "submitted" and registration.is_current
        snapshot = proposal.revisions.get().data["attachments"]
        assert registration.pk in [a["id"] for a in snapshot]
    else:
        assert proposal.state == "draft" and registration.removed_at is not None
