"""Scoping and query counts of the facility's pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals.models import CostLine, Proposal
from tests.factories import ProposalFactory
from tests.factories_submission import make_attachment


@pytest.mark.parametrize(
    ("persona", "state", "status"),
    [
        ("facility", "draft", 200),
        ("facility_other", "draft", 404),
        ("facility_other", "submitted", 404),
        ("district", "draft", 404),
        ("district", "submitted", 200),
        ("district_other", "submitted", 404),
        ("district_other", "draft", 404),
        ("dit", "draft", 404),
    ],
)
def test_the_proposal_page_is_scoped(client, world, persona, state, status):
    owner = world.users["facility"]
    proposal = ProposalFactory(facility=owner.facility, created_by=owner, state=state)
    client.force_login(world.users[persona])
    response = client.get(reverse("proposals:proposal_detail", args=[proposal.pk]))
    assert response.status_code == status


def test_a_district_officer_never_sees_drafts_or_other_localities(world):
    owner, other = world.users["facility"], world.users["facility_other"]
    ProposalFactory(facility=owner.facility, created_by=owner, state="draft")
    mine = ProposalFactory(facility=owner.facility, created_by=owner, state="submitted")
    ProposalFactory(facility=other.facility, created_by=other, state="submitted")
    assert list(Proposal.objects.visible_to(world.users["district"])) == [mine]


def test_another_facility_cannot_touch_lines_of_a_proposal(client, world):
    owner = world.users["facility"]
    proposal = ProposalFactory(facility=owner.facility, created_by=owner, state="draft")
    line = CostLine.objects.create(
        proposal=proposal, content="Máy", unit="máy", quantity=1, unit_price=10, amount=10
    )
    client.force_login(world.users["facility_other"])
    url = reverse("proposals:costline_remove", args=[proposal.pk, line.pk])
    assert client.post(url).status_code == 404
    assert CostLine.objects.filter(pk=line.pk).exists()


def test_a_line_of_another_proposal_is_not_found(client, world):
    owner = world.users["facility"]
    mine = ProposalFactory(facility=owner.facility, created_by=owner, state="draft")
    theirs = ProposalFactory(facility=world.users["facility_other"].facility, state="draft")
    line = CostLine.objects.create(
        proposal=theirs, content="Máy", unit="máy", quantity=1, unit_price=10, amount=10
    )
    client.force_login(owner)
    url = reverse("proposals:costline_remove", args=[mine.pk, line.pk])
    assert client.post(url).status_code == 404


def _rows(owner, n):
    for _ in range(n):
        p = ProposalFactory(facility=owner.facility, created_by=owner, state="returned")
        CostLine.objects.create(
            proposal=p, content="Máy", unit="máy", quantity=1, unit_price=10, amount=10
        )


def _count_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_my_proposals_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    owner = world.users["facility"]
    client.force_login(owner)
    url = reverse("proposals:my_proposals")
    _rows(owner, 2)
    few = _count_queries(client, url, django_assert_max_num_queries)
    _rows(owner, 18)
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("page", ["proposals:proposal_detail", "proposals:proposal_edit"])
def test_the_proposal_page_query_count_does_not_grow(
    client, world, django_assert_max_num_queries, page
):
    owner = world.users["facility"]
    proposal = ProposalFactory(facility=owner.facility, created_by=owner, state="draft")
    client.force_login(owner)
    url = reverse(page, args=[proposal.pk])

    def add(n):
        for i in range(n):
            CostLine.objects.create(
                proposal=proposal, content=f"Dòng {i}", unit="cái", quantity=1,
                unit_price=10, amount=10,
            )  # fmt: skip
            old = make_attachment(proposal)
            new = make_attachment(proposal)
            old.replaced_by = new
            old.save()
            removed = make_attachment(proposal)
            removed.removed_at, removed.removed_by = timezone.now(), owner
            removed.save()

    add(2)
    few = _count_queries(client, url, django_assert_max_num_queries)
    add(18)
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200
