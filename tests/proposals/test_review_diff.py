"""Reviewers see what a facility changed since they returned the proposal."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from proposals.diff import diff_fields, diff_rows, return_pair
from proposals.models import CostLine, Proposal, State
from proposals.services.review import proposal_return
from proposals.services.revisions import LINE_FIELDS, revision_create
from tests.factories import CostLineFactory
from tests.factories_review import proposal_in


def resubmit(proposal: Proposal, owner) -> None:
    """What the facility's edit and resubmission leave behind (issue 3 owns the service)."""
    revision_create(proposal=proposal, actor=owner, reason="resubmit")
    Proposal.objects.filter(pk=proposal.pk).update(state=State.SUBMITTED)


def returned_and_resubmitted(world):
    owner = world.users["facility"]
    proposal = proposal_in("submitted", facility=owner.facility, title="Máy sấy cũ")
    kept = CostLineFactory(proposal=proposal, content="Máy sấy", unit_price=500_000_000)
    dropped = CostLineFactory(proposal=proposal, content="Vận chuyển", unit_price=10_000_000)
    revision_create(proposal=proposal, actor=owner, reason="submit")
    proposal_return(proposal=proposal, actor=world.users["district"], reason="Sửa dự toán.")
    proposal.refresh_from_db()
    proposal.title = "Máy sấy mới"
    proposal.requested_support = 280_000_000
    proposal.save()
    kept.unit_price = kept.amount = 450_000_000
    kept.save()
    dropped.delete()
    CostLineFactory(proposal=proposal, content="Lắp đặt", unit_price=20_000_000, amount=20_000_000)
    resubmit(proposal, owner)
    return proposal


def test_field_and_line_differences():
    fields = diff_fields({"title": "A", "plan_year": 2027}, {"title": "B", "plan_year": 2027})
    assert [(f.name, f.old, f.new) for f in fields] == [("title", "A", "B")]
    assert fields[0].label == "tên đề án"
    lines = diff_rows(
        [{"id": 1, "content": "X", "amount": 5}, {"id": 2, "content": "Y", "amount": 1}],
        [{"id": 1, "content": "X", "amount": 7}, {"id": 3, "content": "Z", "amount": 2}],
        LINE_FIELDS,
    )
    assert [(c.kind, (c.new or c.old)["content"]) for c in lines] == [
        ("changed", "X"),
        ("added", "Z"),
        ("removed", "Y"),
    ]
    assert [(f.name, f.old, f.new) for f in lines[0].fields] == [("amount", 5, 7)]


def test_the_pair_is_the_returned_version_and_the_resubmitted_one(world):
    proposal = returned_and_resubmitted(world)
    old, new = return_pair(proposal)
    assert (old.number, new.number) == (1, 2)
    assert old.data["fields"]["title"] == "Máy sấy cũ"
    assert new.data["fields"]["title"] == "Máy sấy mới"


def test_there_is_no_pair_before_a_return(world):
    proposal = proposal_in("submitted", facility=world.users["facility"].facility)
    revision_create(proposal=proposal, actor=world.users["facility"], reason="submit")
    assert return_pair(proposal) is None


def test_reviewers_see_the_changes_page(world):
    proposal = returned_and_resubmitted(world)
    client = Client()
    client.force_login(world.users["district"])
    detail = client.get(reverse("proposals:proposal_detail", args=[proposal.pk])).content.decode()
    url = reverse("proposals:proposal_changes", args=[proposal.pk])
    assert url in detail
    page = client.get(url).content.decode()
    assert "Máy sấy cũ" in page and "Máy sấy mới" in page
    assert 'id="line-changes"' in page
    assert "Lắp đặt" in page and "Vận chuyển" in page
    assert "500.000.000" in page and "450.000.000" in page
    assert CostLine.objects.filter(proposal=proposal).count() == 2


def test_an_empty_changes_page_says_so(world):
    proposal = proposal_in("submitted", facility=world.users["facility"].facility)
    client = Client()
    client.force_login(world.users["dit"])
    page = client.get(reverse("proposals:proposal_changes", args=[proposal.pk])).content.decode()
    assert "chưa có gì để so sánh" in page


def test_in_english_a_changed_line_says_changed_not_edit(world):
    """ "Sửa" is a verb on buttons ("Edit") and a state in the diff ("Changed"): two contexts."""
    from django.conf import settings

    proposal = returned_and_resubmitted(world)
    client = Client()
    client.force_login(world.users["district"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("proposals:proposal_changes", args=[proposal.pk])).content.decode()
    lines = page.split('id="line-changes"')[1].split("</table>")[0]
    assert "<td>Changed</td>" in lines and "Edit" not in lines
