"""The appraisal council: starting, scoring, confidentiality, locking, conclusion."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from khuyencong.exceptions import ServiceError
from proposals.models import Appraisal, AppraisalSettings, Criterion, Proposal, ScoreSheet, State
from proposals.services.appraisal import (
    appraisal_conclude,
    appraisal_start,
    mean_score,
    scoresheet_submit,
)
from tests.factories import CouncilFactory, FinanceFactory
from tests.factories_review import proposal_in


@pytest.fixture
def council(world):
    """A forwarded proposal put before ``council`` and a second member ``c2``."""
    proposal = proposal_in("forwarded", facility=world.users["facility"].facility)
    other = CouncilFactory(username="c2", first_name="Thành viên hai")
    appraisal = appraisal_start(
        proposal=proposal, actor=world.users["dit"], members=[world.users["council"], other]
    )
    return proposal, appraisal, world.users["council"], other


def scores(values: list[int] | None = None) -> dict[int, int]:
    criteria = list(Criterion.objects.filter(is_active=True))
    values = values or [c.max_score for c in criteria]
    return {c.pk: v for c, v in zip(criteria, values, strict=True)}


def sheet_of(appraisal: Appraisal, member) -> ScoreSheet:
    return appraisal.sheets.get(member=member)


def test_the_default_criteria_and_pass_mark_are_seeded(db):
    criteria = list(Criterion.objects.filter(is_active=True).values_list("max_score", flat=True))
    assert criteria == [20, 20, 20, 20, 10, 10]
    assert AppraisalSettings.current().pass_mark == 70


def test_start_needs_at_least_two_council_members(world):
    proposal = proposal_in("forwarded", facility=world.users["facility"].facility)
    with pytest.raises(ServiceError, match="ít nhất 2"):
        appraisal_start(
            proposal=proposal, actor=world.users["dit"], members=[world.users["council"]]
        )
    with pytest.raises(ServiceError, match="ít nhất 2"):
        appraisal_start(
            proposal=proposal,
            actor=world.users["dit"],
            members=[world.users["council"], world.users["council"]],
        )
    with pytest.raises(ServiceError, match="không phải thành viên hội đồng"):
        appraisal_start(
            proposal=proposal,
            actor=world.users["dit"],
            members=[world.users["council"], FinanceFactory()],
        )
    proposal.refresh_from_db()
    assert proposal.state == State.FORWARDED and not proposal.appraisals.exists()


def test_a_member_sees_only_the_proposals_assigned_to_it(world, council):
    proposal, _appraisal, member, _other = council
    unassigned = proposal_in("under_appraisal", facility=world.users["facility"].facility)
    visible = Proposal.objects.visible_to(member)
    assert list(visible) == [proposal]
    assert unassigned not in visible
    assert Proposal.objects.visible_to(CouncilFactory(username="c9")).count() == 0


def test_scoring_records_each_criterion_and_the_total(council):
    _proposal, appraisal, member, _other = council
    criteria = list(Criterion.objects.filter(is_active=True))
    sheet = scoresheet_submit(
        sheet=sheet_of(appraisal, member),
        actor=member,
        scores=scores([18, 17, 16, 15, 8, 6]),
        comment="Khả thi.",
    )
    assert sheet.total == Decimal("80.00")
    assert sheet.submitted_at is not None and sheet.comment == "Khả thi."
    assert sheet.scores.count() == len(criteria)


def test_weights_change_the_total():
    from proposals.models.appraisal import weighted_total

    # Two criteria of 10 points, the second weighing double: (10×1 + 5×2) / (10 + 20).
    assert weighted_total([(10, 10, Decimal(1)), (5, 10, Decimal(2))]) == Decimal("66.67")


@pytest.mark.parametrize(
    ("values", "message"),
    [([21, 20, 20, 20, 10, 10], "từ 0 đến 20"), ([20, 20, 20, 20, 10, -1], "từ 0 đến 10")],
)
def test_a_score_above_the_maximum_is_refused(council, values, message):
    _proposal, appraisal, member, _other = council
    with pytest.raises(ServiceError, match=message):
        scoresheet_submit(sheet=sheet_of(appraisal, member), actor=member, scores=scores(values))
    assert sheet_of(appraisal, member).submitted_at is None


def test_every_criterion_must_be_scored(council):
    _proposal, appraisal, member, _other = council
    partial = scores()
    partial.pop(next(iter(partial)))
    with pytest.raises(ServiceError, match="Chưa chấm"):
        scoresheet_submit(sheet=sheet_of(appraisal, member), actor=member, scores=partial)


def test_a_member_cannot_fill_another_members_sheet_or_submit_twice(council):
    _proposal, appraisal, member, other = council
    with pytest.raises(ServiceError, match="không phải phiếu chấm của bạn"):
        scoresheet_submit(sheet=sheet_of(appraisal, other), actor=member, scores=scores())
    scoresheet_submit(sheet=sheet_of(appraisal, member), actor=member, scores=scores())
    with pytest.raises(ServiceError, match="đã nộp"):
        scoresheet_submit(sheet=sheet_of(appraisal, member), actor=member, scores=scores())


def test_conclusion_is_blocked_while_a_sheet_is_missing(world, council):
    proposal, appraisal, member, other = council
    scoresheet_submit(sheet=sheet_of(appraisal, member), actor=member, scores=scores())
    with pytest.raises(ServiceError, match="Thành viên hai"):
        appraisal_conclude(
            proposal=proposal, actor=world.users["dit"], recommended_amount=200_000_000
        )
    proposal.refresh_from_db()
    appraisal.refresh_from_db()
    assert proposal.state == State.UNDER_APPRAISAL and appraisal.mean_score is None


def test_conclusion_records_the_mean_and_the_recommendation(world, council):
    proposal, appraisal, member, other = council
    scoresheet_submit(
        sheet=sheet_of(appraisal, member), actor=member, scores=scores([20, 20, 20, 20, 10, 10])
    )
    scoresheet_submit(
        sheet=sheet_of(appraisal, other), actor=other, scores=scores([10, 10, 10, 10, 5, 6])
    )
    appraisal_conclude(proposal=proposal, actor=world.users["dit"], recommended_amount=200_000_000)
    proposal.refresh_from_db()
    appraisal.refresh_from_db()
    assert proposal.state == State.APPRAISED and proposal.recommended_amount == 200_000_000
    assert appraisal.mean_score == Decimal("75.50")
    assert appraisal.passed is True
    assert appraisal.concluded_at is not None


def test_the_recommendation_cannot_exceed_the_request(world, council):
    proposal, appraisal, member, other = council
    for m in (member, other):
        scoresheet_submit(sheet=sheet_of(appraisal, m), actor=m, scores=scores())
    with pytest.raises(ServiceError, match="vượt"):
        appraisal_conclude(
            proposal=proposal, actor=world.users["dit"], recommended_amount=300_000_001
        )


def test_mean_score_of_the_sheets():
    assert mean_score(
        [ScoreSheet(total=Decimal("70")), ScoreSheet(total=Decimal("81"))]
    ) == Decimal("75.50")


def test_sheets_are_locked_once_the_appraisal_is_concluded(world, council):
    proposal, appraisal, member, other = council
    scoresheet_submit(sheet=sheet_of(appraisal, member), actor=member, scores=scores())
    scoresheet_submit(sheet=sheet_of(appraisal, other), actor=other, scores=scores())
    appraisal_conclude(proposal=proposal, actor=world.users["dit"], recommended_amount=1)
    # The sheet page no longer offers the form, and a POST is refused.
    client = Client()
    client.force_login(member)
    url = reverse("proposals:scoresheet_form", args=[sheet_of(appraisal, member).pk])
    response = client.get(url)
    assert (
        "đã khóa" in response.content.decode()
        and b'<form method="post" novalidate' not in response.content
    )
    assert client.post(url, {}).status_code == 403


def test_sheets_are_locked_when_the_round_is_stopped(world, council):
    from proposals.services.review import proposal_request_info

    proposal, appraisal, member, _other = council
    proposal_request_info(proposal=proposal, actor=world.users["dit"], reason="Bổ sung.")
    with pytest.raises(ServiceError, match="khóa"):
        scoresheet_submit(sheet=sheet_of(appraisal, member), actor=member, scores=scores())


def _page(user, proposal) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("proposals:proposal_detail", args=[proposal.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_member_cannot_see_the_other_sheets_before_submitting_its_own(world, council):
    proposal, appraisal, member, other = council
    scoresheet_submit(
        sheet=sheet_of(appraisal, other), actor=other, scores=scores(), comment="Nhận xét kín"
    )
    page = _page(member, proposal)
    assert "Nhận xét kín" not in page
    assert 'id="sheets"' not in page
    assert "sau khi nộp phiếu của mình" in page
    assert reverse("proposals:scoresheet_form", args=[sheet_of(appraisal, member).pk]) in page

    scoresheet_submit(sheet=sheet_of(appraisal, member), actor=member, scores=scores())
    page = _page(member, proposal)
    assert "Nhận xét kín" in page and 'id="sheets"' in page


def test_the_dit_and_the_leader_see_every_sheet_and_the_mean(world, council):
    proposal, appraisal, member, other = council
    scoresheet_submit(
        sheet=sheet_of(appraisal, member),
        actor=member,
        scores=scores(),
        comment="Nhận xét kín thứ nhất",
    )
    scoresheet_submit(
        sheet=sheet_of(appraisal, other),
        actor=other,
        scores=scores(),
        comment="Nhận xét kín thứ hai",
    )
    appraisal_conclude(proposal=proposal, actor=world.users["dit"], recommended_amount=1_000)
    for persona in ("dit", "leader"):
        page = _page(world.users[persona], proposal)
        assert "Nhận xét kín thứ nhất" in page and "Nhận xét kín thứ hai" in page
        assert 'id="mean-score"' in page and "100,00" in page


def test_the_facility_and_district_never_see_the_sheets_or_the_scores(world, council):
    proposal, appraisal, member, other = council
    scoresheet_submit(
        sheet=sheet_of(appraisal, member),
        actor=member,
        scores=scores([17, 17, 17, 17, 9, 9]),
        comment="Nhận xét kín thứ nhất",
    )
    scoresheet_submit(
        sheet=sheet_of(appraisal, other), actor=other, scores=scores([17, 17, 17, 17, 9, 9])
    )
    appraisal_conclude(proposal=proposal, actor=world.users["dit"], recommended_amount=1_000)
    for persona in ("facility", "district"):
        page = _page(world.users[persona], proposal)
        assert "Nhận xét kín thứ nhất" not in page and 'id="sheets"' not in page
        # Neither a sheet's total nor the mean, not even in the timeline's notes.
        assert "86,00" not in page and "86.00" not in page


def test_a_member_cannot_open_another_members_sheet(world, council):
    _proposal, appraisal, member, other = council
    client = Client()
    client.force_login(member)
    url = reverse("proposals:scoresheet_form", args=[sheet_of(appraisal, other).pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_the_score_form_rerenders_with_errors_on_bad_input(world, council):
    _proposal, appraisal, member, _other = council
    client = Client()
    client.force_login(member)
    url = reverse("proposals:scoresheet_form", args=[sheet_of(appraisal, member).pk])
    data = {f"c{pk}": 99 for pk in scores()}
    response = client.post(url, data)
    assert response.status_code == 400
    assert sheet_of(appraisal, member).submitted_at is None
