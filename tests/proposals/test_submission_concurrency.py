"""Dossier codes stay unique and gap-free when many facilities submit at once (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from proposals.models import Proposal
from proposals.services.submission import proposal_submit
from tests.conftest import requires_postgres
from tests.factories import (
    DistrictOfficerFactory,
    FacilityFactory,
    FacilityOwnerFactory,
    locality,
)
from tests.factories_submission import complete_draft

N = 20


@requires_postgres
@pytest.mark.django_db(transaction=True)
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
