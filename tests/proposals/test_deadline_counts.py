"""Issue 14 item 4: the dashboards count overdue and due-soon proposals in SQL, from the
boundaries the precomputed calendar gives, with the same answer as marking each row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from proposals.deadlines import DUE_SOON, OK, OVERDUE, DeadlineCalendar
from proposals.models import Proposal, State, StepDeadline
from tests.factories_review import proposal_in

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)  # a Monday with no public holiday in the weeks before


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _since(world, day: dt.date, hour: int = 9) -> Proposal:
    facility = world.users["facility"].facility
    return proposal_in(State.SUBMITTED, facility=facility, state_changed_at=_at(day, hour))


def _worse(calendar: DeadlineCalendar, status: str) -> set[int]:
    condition = calendar.q(status)
    if condition is None:
        return set()
    return set(Proposal.objects.filter(condition).values_list("pk", flat=True))


def _ids(calendar: DeadlineCalendar, status: str) -> set[int]:
    """The proposals in exactly ``status`` today."""
    if status == OVERDUE:
        return _worse(calendar, OVERDUE)
    return _worse(calendar, DUE_SOON) - _worse(calendar, OVERDUE)


def test_ten_working_days_from_the_district_counted_by_hand(world):
    StepDeadline.objects.update_or_create(
        state=State.SUBMITTED, defaults={"working_days": 10, "due_soon_days": 2}
    )
    # Due dates by hand: from Fri 13/11 the 10th working day is Fri 27/11 (overdue on 30/11);
    # from Mon 16/11 it is Mon 30/11 (0 left: due soon); from Wed 18/11, Wed 2/12 (2 left:
    # due soon); from Thu 19/11, Thu 3/12 (3 left: in time); from Fri 27/11, in time.
    overdue = _since(world, dt.date(2026, 11, 13), hour=23)  # late evening stays that day
    today_due = _since(world, dt.date(2026, 11, 16), hour=0)
    two_left = _since(world, dt.date(2026, 11, 18))
    three_left = _since(world, dt.date(2026, 11, 19))
    recent = _since(world, dt.date(2026, 11, 27))
    calendar = DeadlineCalendar(today=TODAY)
    assert _ids(calendar, OVERDUE) == {overdue.pk}
    assert _ids(calendar, DUE_SOON) == {today_due.pk, two_left.pk}
    assert three_left.pk not in _worse(calendar, DUE_SOON)
    assert recent.pk not in _worse(calendar, DUE_SOON)


def test_the_sql_boundaries_agree_with_marking_each_row(world):
    proposals = [_since(world, TODAY - dt.timedelta(days=days)) for days in range(0, 45)]
    calendar = DeadlineCalendar(today=TODAY)
    overdue, due_soon = _ids(calendar, OVERDUE), _ids(calendar, DUE_SOON)
    for proposal in proposals:
        status = calendar.for_proposal(proposal).status
        if status == OVERDUE:
            assert proposal.pk in overdue, proposal.state_changed_at
        elif status == DUE_SOON:
            assert proposal.pk in due_soon and proposal.pk not in overdue
        else:
            assert status == OK
            assert proposal.pk not in overdue | due_soon, proposal.state_changed_at


def test_a_step_without_a_limit_is_never_counted(world):
    facility = world.users["facility"].facility
    old = proposal_in(State.APPROVED, facility=facility, state_changed_at=_at(dt.date(2020, 1, 6)))
    calendar = DeadlineCalendar(today=TODAY)
    assert old.pk not in _worse(calendar, DUE_SOON)
