"""A facility deletes a draft it never submitted: soft (the row stays), audited, gone from its
lists; a submitted proposal can only be withdrawn."""

from __future__ import annotations

import pytest
from django.urls import reverse

from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog
from proposals.models import Proposal
from proposals.services.drafts import proposal_draft_delete
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def draft_of(user, **kwargs):
    return ProposalFactory(
        facility=user.facility, created_by=user, state="draft", code=None, **kwargs
    )


def test_the_owner_deletes_a_draft_which_leaves_its_lists_but_not_the_records(client, world):
    owner = world.users["facility"]
    draft = draft_of(owner, title="Máy sấy nhầm")
    client.force_login(owner)
    edit = client.get(reverse("proposals:proposal_edit", args=[draft.pk])).content.decode()
    assert "Xóa bản nháp" in edit and "Rút đề án" not in edit

    response = client.post(reverse("proposals:proposal_draft_delete", args=[draft.pk]), follow=True)
    page = response.content.decode()
    assert "Đã xóa bản nháp “Máy sấy nhầm”." in page
    assert "Máy sấy nhầm</a>" not in page  # not listed in "Đề án của tôi" any more
    assert client.get(reverse("proposals:proposal_edit", args=[draft.pk])).status_code == 404
    kept = Proposal.objects.get(pk=draft.pk)  # soft: the row and its history stay
    assert kept.deleted_by == owner and kept.deleted_at is not None
    row = AuditLog.objects.get(action="proposal.draft_delete")
    assert row.actor == owner and row.object_id == str(draft.pk)


def test_a_submitted_proposal_cannot_be_deleted_only_withdrawn(world):
    owner = world.users["facility"]
    submitted = ProposalFactory(facility=owner.facility, created_by=owner, state="submitted")
    with pytest.raises(ServiceError, match="Chỉ xóa được bản nháp chưa từng nộp"):
        proposal_draft_delete(actor=owner, proposal=submitted)
    submitted.refresh_from_db()
    assert submitted.deleted_at is None
    assert not AuditLog.objects.filter(action="proposal.draft_delete").exists()


def test_another_facility_cannot_delete_the_draft(client, world):
    draft = draft_of(world.users["facility"])
    with pytest.raises(ServiceError, match="Chỉ cơ sở lập đề án"):
        proposal_draft_delete(actor=world.users["facility_other"], proposal=draft)
    client.force_login(world.users["facility_other"])
    response = client.post(reverse("proposals:proposal_draft_delete", args=[draft.pk]))
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.deleted_at is None


def test_a_draft_is_deleted_once(world):
    owner = world.users["facility"]
    draft = draft_of(owner)
    proposal_draft_delete(actor=owner, proposal=draft)
    with pytest.raises(ServiceError, match="đã được xóa"):
        proposal_draft_delete(actor=owner, proposal=draft)
    assert AuditLog.objects.filter(action="proposal.draft_delete").count() == 1
