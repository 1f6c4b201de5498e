"""The score sheet shows the pass mark and a running total before the irreversible submit, and
says in Vietnamese which score is out of range."""

from __future__ import annotations

import pytest
from django.urls import reverse

from proposals.models import Criterion, Score
from proposals.services.appraisal import appraisal_start
from tests.factories import CouncilFactory
from tests.factories_review import proposal_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(world):
    proposal = proposal_in("forwarded", facility=world.users["facility"].facility)
    other = CouncilFactory(username="c2")
    appraisal = appraisal_start(
        proposal=proposal, actor=world.users["dit"], members=[world.users["council"], other]
    )
    return appraisal.sheets.get(member=world.users["council"])


def test_the_sheet_shows_the_pass_mark_and_a_running_total(client, world, sheet):
    client.force_login(world.users["council"])
    page = client.get(reverse("proposals:scoresheet_form", args=[sheet.pk])).content.decode()
    assert "Điểm đạt: 70" in page
    assert "Tổng điểm (trên 100):" in page
    assert 'data-pass-mark="70.00"' in page
    first = Criterion.objects.filter(is_active=True).first()
    assert f'name="c{first.pk}"' in page
    assert 'data-score-max="20"' in page and 'data-score-weight="1.00"' in page


def test_a_score_out_of_range_is_refused_in_vietnamese_and_nothing_is_stored(
    client, world, sheet
):
    criteria = list(Criterion.objects.filter(is_active=True))
    data = {f"c{c.pk}": c.max_score for c in criteria}
    data[f"c{criteria[0].pk}"] = 25
    client.force_login(world.users["council"])
    response = client.post(reverse("proposals:scoresheet_form", args=[sheet.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert f"Điểm “{criteria[0].name}” là số nguyên từ 0 đến 20." in page
    sheet.refresh_from_db()
    assert sheet.submitted_at is None
    assert not Score.objects.filter(sheet=sheet).exists()
