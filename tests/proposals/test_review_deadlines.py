"""Step deadlines, their marks, and the daily digest of overdue and due-soon dossiers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from proposals.deadlines import DUE_SOON, OK, OVERDUE, DeadlineCalendar
from proposals.models import Proposal, StepDeadline
from proposals.tasks import deadline_digest, send_deadline_digests
from tests.factories import CouncilFactory, DistrictOfficerFactory, DitFactory
from tests.factories_review import proposal_in, with_council

# Monday 2 March 2026, far from any holiday.
TODAY = dt.date(2026, 3, 2)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def waiting_since(state: str, day: dt.date, facility, **kwargs) -> Proposal:
    proposal = proposal_in(state, facility=facility, **kwargs)
    Proposal.objects.filter(pk=proposal.pk).update(state_changed_at=at(day))
    proposal.refresh_from_db()
    return proposal


def test_the_default_step_limits_are_seeded(db):
    limits = dict(StepDeadline.objects.values_list("state", "working_days"))
    assert limits == {"submitted": 10, "forwarded": 10, "under_appraisal": 20, "appraised": 10}


def test_the_due_date_counts_working_days_from_the_step(world):
    facility = world.users["facility"].facility
    calendar = DeadlineCalendar(TODAY)
    # Submitted Monday 16/02/2026, in the middle of Tết: 10 working days end on 06/03.
    p = waiting_since("submitted", dt.date(2026, 2, 16), facility)
    deadline = calendar.for_proposal(p)
    assert deadline.due == dt.date(2026, 3, 6)
    assert deadline.remaining == 4 and deadline.status == OK


@pytest.mark.parametrize(
    ("since", "status"),
    [
        (dt.date(2026, 2, 6), OVERDUE),  # due 27/02 (Tết in between), today 02/03
        (dt.date(2026, 2, 9), DUE_SOON),  # due today
        (dt.date(2026, 2, 10), DUE_SOON),  # due 03/03: one working day left
        (dt.date(2026, 2, 11), DUE_SOON),  # due 04/03: two left
        (dt.date(2026, 2, 12), OK),  # due 05/03: three left
    ],
)
def test_overdue_and_due_soon_marks(world, since, status):
    p = waiting_since("submitted", since, world.users["facility"].facility)
    assert DeadlineCalendar(TODAY).for_proposal(p).status == status


def test_step_limits_are_data(world):
    p = waiting_since("submitted", dt.date(2026, 2, 24), world.users["facility"].facility)
    assert DeadlineCalendar(TODAY).for_proposal(p).status == OK
    StepDeadline.objects.filter(state="submitted").update(working_days=3)
    assert DeadlineCalendar(TODAY).for_proposal(p).status == OVERDUE


def test_states_without_a_limit_have_no_deadline(world):
    p = waiting_since("approved", dt.date(2025, 1, 1), world.users["facility"].facility)
    assert DeadlineCalendar(TODAY).for_proposal(p) is None


def test_the_digest_selects_exactly_the_right_dossiers(world):
    f1 = world.users["facility"].facility
    f2 = world.users["facility_other"].facility
    late_l1 = waiting_since("submitted", dt.date(2026, 2, 6), f1, title="Trễ L1")
    soon_l1 = waiting_since("submitted", dt.date(2026, 2, 10), f1, title="Sắp L1")
    waiting_since("submitted", dt.date(2026, 2, 27), f1, title="Còn hạn L1")
    late_l2 = waiting_since("submitted", dt.date(2026, 2, 6), f2, title="Trễ L2")
    late_fw = waiting_since("forwarded", dt.date(2026, 2, 2), f2, title="Trễ chuyển")
    late_app = waiting_since("appraised", dt.date(2026, 2, 2), f1, title="Trễ duyệt")
    waiting_since("approved", dt.date(2025, 1, 1), f1, title="Đã duyệt")
    waiting_since("returned", dt.date(2025, 1, 1), f1, title="Trả lại")
    scored, pending = CouncilFactory(username="scored"), CouncilFactory(username="pending")
    late_ua = waiting_since("under_appraisal", dt.date(2026, 1, 5), f1, title="Trễ thẩm định")
    with_council(late_ua, [scored, pending], scored=1)
    second_officer = DistrictOfficerFactory(username="officer-l1b", locality=world.l1)
    other_dit = DitFactory(username="dit-b")

    digest = {
        user.username: [p.pk for p in items] for user, items in deadline_digest(TODAY).items()
    }
    assert digest["officer"] == [late_l1.pk, soon_l1.pk]
    assert digest[second_officer.username] == [late_l1.pk, soon_l1.pk]
    assert digest["officer2"] == [late_l2.pk]
    # Both specialists answer for intake and appraisal; overdue first, earliest due first.
    assert sorted(digest["dit"]) == sorted([late_fw.pk, late_ua.pk])
    assert digest["dit"] == digest[other_dit.username]
    assert digest["leader"] == [late_app.pk]
    assert digest["pending"] == [late_ua.pk]
    assert "scored" not in digest
    assert {"owner", "outsider", "finance", "admin", "council"}.isdisjoint(digest)


def test_the_digest_task_mails_each_responsible_officer_once(world):
    f1 = world.users["facility"].facility
    late = waiting_since("submitted", dt.date(2026, 2, 6), f1, title="Trễ hạn L1")
    soon = waiting_since("submitted", dt.date(2026, 2, 10), f1, title="Sắp hạn L1")
    waiting_since("submitted", dt.date(2026, 2, 27), f1, title="Còn hạn L1")
    sent = send_deadline_digests.delay(TODAY.isoformat()).get()
    assert sent == 1
    (message,) = mail.outbox
    assert message.to == [world.users["district"].email]
    assert "1 quá hạn, 1 sắp đến hạn" in message.subject
    assert late.code in message.body and soon.code in message.body
    assert "Còn hạn L1" not in message.body
    assert message.body.index(late.code) < message.body.index(soon.code)
    assert f"/proposals/{late.pk}/" in message.body


def test_nothing_is_mailed_when_nothing_is_late(world):
    waiting_since("submitted", dt.date(2026, 2, 27), world.users["facility"].facility)
    assert send_deadline_digests(TODAY.isoformat()) == 0
    assert mail.outbox == []


def test_the_digest_is_scheduled_in_the_database(db):
    task = PeriodicTask.objects.get(name="proposals.send_deadline_digests")
    assert task.task == "proposals.tasks.send_deadline_digests"
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("7", "0")
