"""A deadline computed over days whose holiday schedule is not yet official says so (issue 16,
Must-show 5: announced-but-provisional years are flagged)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from khuyencong.lib.workdays import WorkCalendar
from proposals.deadlines import DeadlineCalendar
from tests.factories_review import proposal_in

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def forwarded_on(world, day: dt.date):
    return proposal_in(
        "forwarded",
        facility=world.users["facility"].facility,
        state_changed_at=dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=VN),
    )


@pytest.mark.parametrize(
    ("since", "due", "provisional"),
    [
        # December 2026: the official calendar of 2026, nothing provisional in between.
        (dt.date(2026, 12, 1), dt.date(2026, 12, 15), False),
        # Across National Day 2026, whose swap is not yet confirmed (days off 1-2/9 flagged).
        (dt.date(2026, 8, 25), dt.date(2026, 9, 10), True),
        # Into 2027, whose holidays are only expected (New Year's Day 2027 off).
        (dt.date(2026, 12, 28), dt.date(2027, 1, 12), True),
    ],
)
def test_the_dit_intake_deadline_says_when_it_rests_on_a_provisional_calendar(
    world, since, due, provisional
):
    deadline = DeadlineCalendar(today=since).for_proposal(forwarded_on(world, since))
    assert deadline is not None
    assert (deadline.due, deadline.provisional) == (due, provisional)


def test_the_inbox_marks_the_provisional_due_date(client, world):
    forwarded_on(world, dt.date(2026, 12, 28))
    client.force_login(world.users["dit"])
    html = client.get(reverse("proposals:dit_intake")).content.decode()
    assert "12/01/2027 <abbr" in html and "(dự kiến)</abbr>" in html


def test_the_calendar_answers_from_its_rows_and_the_last_announced_year():
    calendar = WorkCalendar(
        [dt.date(2026, 9, 2)], provisional_days=[dt.date(2026, 9, 2)], announced_until=2026
    )
    assert calendar.is_provisional(dt.date(2026, 9, 1), dt.date(2026, 9, 2))
    assert not calendar.is_provisional(dt.date(2026, 9, 3), dt.date(2026, 12, 31))
    assert calendar.is_provisional(dt.date(2026, 12, 31), dt.date(2027, 1, 4))
    assert not WorkCalendar().is_provisional(dt.date(2030, 1, 1), dt.date(2031, 1, 1))
