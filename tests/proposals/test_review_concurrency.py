"""Two officers acting at once on the same proposal (PostgreSQL row locks, real connections)."""

from __future__ import annotations

import pytest

from khuyencong.models import AuditLog
from proposals.models import Proposal, State
from proposals.services.review import proposal_forward, proposal_reject, proposal_return
from tests.concurrency import race
from tests.conftest import requires_postgres
from tests.factories import DistrictOfficerFactory, DitFactory
from tests.factories_review import proposal_in

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_forward_and_return_at_once_exactly_one_wins(world):
    proposal = proposal_in("submitted", facility=world.users["facility"].facility)
    colleague = DistrictOfficerFactory(username="officer-b", locality=world.l1)
    results, errors, _crashes = race(
        lambda: proposal_forward(
            proposal=Proposal.objects.get(pk=proposal.pk),
            actor=world.users["district"],
            opinion="Đồng ý",
            priority=1,
        ),
        lambda: proposal_return(
            proposal=Proposal.objects.get(pk=proposal.pk), actor=colleague, reason="Bổ sung."
        ),
    )
    assert len(results) == 1 and len(errors) == 1
    assert "Không thể" in errors[0] and "trạng thái" in errors[0]
    proposal.refresh_from_db()
    assert proposal.state in (State.FORWARDED, State.RETURNED)
    log = AuditLog.objects.for_object(proposal).filter(action__startswith="proposal.")
    assert log.count() == 1
    entry = log.get()
    assert entry.after["state"] == proposal.state
    assert entry.before == {"state": State.SUBMITTED}


def test_two_dit_specialists_rejecting_at_once(world):
    proposal = proposal_in("forwarded", facility=world.users["facility"].facility)
    other = DitFactory(username="dit-b")
    results, errors, _crashes = race(
        *(
            (
                lambda actor=actor: proposal_reject(
                    proposal=Proposal.objects.get(pk=proposal.pk), actor=actor, reason="Không đạt."
                )
            )
            for actor in (world.users["dit"], other)
        )
    )
    assert len(results) == 1 and len(errors) == 1
    assert AuditLog.objects.for_object(proposal).filter(action="proposal.reject").count() == 1


def test_two_officers_cannot_give_the_same_rank_at_once(world):
    facility = world.users["facility"].facility
    first = proposal_in("submitted", facility=facility)
    second = proposal_in("submitted", facility=facility)
    colleague = DistrictOfficerFactory(username="officer-c", locality=world.l1)
    results, errors, _crashes = race(
        lambda: proposal_forward(
            proposal=Proposal.objects.get(pk=first.pk),
            actor=world.users["district"],
            opinion="Đồng ý",
            priority=1,
        ),
        lambda: proposal_forward(
            proposal=Proposal.objects.get(pk=second.pk),
            actor=colleague,
            opinion="Đồng ý",
            priority=1,
        ),
    )
    assert len(results) == 1 and len(errors) == 1
    assert "Thứ tự ưu tiên 1" in errors[0]
    ranked = Proposal.objects.filter(district_priority=1, state=State.FORWARDED)
    assert ranked.count() == 1
