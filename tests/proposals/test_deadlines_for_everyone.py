"""Facilities and the public see the due date of a dossier's current step, in working days, as
officers do (Cổng Dịch vụ công shows every applicant the "hạn xử lý")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db

# Submitted on Monday 07/09/2026: the district has 10 working days (seeded StepDeadline), so
# the step is due on Monday 21/09/2026 (no holiday in between; 02/09 is before).
SUBMITTED_AT = timezone.make_aware(dt.datetime(2026, 9, 7, 9, 0))


@pytest.fixture
def submitted(world):
    owner = world.users["facility"]
    return ProposalFactory(
        facility=owner.facility,
        created_by=owner,
        state="submitted",
        code="KC-2027-0042",
        state_changed_at=SUBMITTED_AT,
    )


@pytest.fixture
def on_day(monkeypatch):
    real = timezone.localdate

    def freeze(day: dt.date) -> None:
        monkeypatch.setattr(
            "django.utils.timezone.localdate",
            lambda value=None, timezone=None: day if value is None else real(value, timezone),
        )

    return freeze


def test_the_facility_sees_the_due_date_and_working_days_left(client, world, submitted, on_day):
    on_day(dt.date(2026, 9, 14))  # Monday: 15, 16, 17, 18 and 21 September are left
    client.force_login(world.users["facility"])
    page = client.get(reverse("proposals:proposal_detail", args=[submitted.pk])).content.decode()
    assert "Hạn xử lý bước này" in page
    assert "Hạn 21/09/2026, còn 5 ngày làm việc" in page
    listing = client.get(reverse("proposals:my_proposals")).content.decode()
    assert "Hạn 21/09/2026, còn 5 ngày làm việc" in listing


def test_an_overdue_step_says_so_to_the_facility(client, world, submitted, on_day):
    on_day(dt.date(2026, 9, 23))  # Wednesday: 22 and 23 September past the due date
    client.force_login(world.users["facility"])
    listing = client.get(reverse("proposals:my_proposals")).content.decode()
    assert "Quá hạn" in listing
    assert "hạn 21/09/2026, trễ 2 ngày làm việc" in listing


def test_the_public_lookup_shows_the_due_date(client, world, submitted, on_day):
    on_day(dt.date(2026, 9, 14))
    response = client.post(
        reverse("proposals:dossier_lookup"),
        {"code": "KC-2027-0042", "tax_code": submitted.facility.tax_code},
    )
    page = response.content.decode()
    assert "Hạn xử lý bước này" in page
    assert "Hạn 21/09/2026, còn 5 ngày làm việc" in page
