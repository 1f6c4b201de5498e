"""Removing a wrongly uploaded attachment: a soft removal that never loses the dossier."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from khuyencong.audit_labels import action_label
from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog
from proposals.models import Attachment
from proposals.services.review import proposal_return
from proposals.services.revisions import revision_create
from proposals.services.submission import (
    attachment_remove,
    attachment_replace,
    proposal_submit,
    submission_problems,
)
from tests.factories import ProposalFactory
from tests.factories_submission import PDF_BYTES, complete_draft, make_attachment, upload

MISSING_REGISTRATION = "Thiếu giấy chứng nhận đăng ký kinh doanh."
NOT_EDITABLE = "Đề án chỉ sửa được khi đang soạn hoặc được trả lại để bổ sung."


@pytest.fixture
def owner(world):
    return world.users["facility"]


@pytest.fixture
def proposal(owner):
    return complete_draft(owner)


def _registration(proposal):
    return proposal.attachments.get(kind=Attachment.Kind.REGISTRATION)


def _remove_url(attachment):
    return reverse("proposals:attachment_remove", args=[attachment.proposal_id, attachment.pk])


def _submitted(world, owner):
    proposal = complete_draft(owner)
    return proposal_submit(actor=owner, proposal=proposal)


# --- the service ---------------------------------------------------------------------------


def test_removal_keeps_the_row_and_the_file_and_records_who_and_when(owner, proposal):
    registration = _registration(proposal)
    removed = attachment_remove(actor=owner, attachment=registration)
    registration.refresh_from_db()
    assert registration.removed_by == owner and registration.removed_at is not None
    assert registration.replaced_by is None and not registration.is_current
    assert removed.pk == registration.pk
    assert registration.file.storage.exists(registration.file.name)
    assert Attachment.objects.filter(pk=registration.pk).exists()


def test_a_removed_file_is_no_longer_current(owner, proposal):
    registration = _registration(proposal)
    attachment_remove(actor=owner, attachment=registration)
    current = set(proposal.attachments.current().values_list("pk", flat=True))
    assert registration.pk not in current and len(current) == 3
    assert registration.pk in proposal.attachments.superseded().values_list("pk", flat=True)
    snapshot = revision_create(proposal=proposal, actor=owner, reason="submission").data
    assert registration.pk not in [a["id"] for a in snapshot["attachments"]]


def test_removing_the_only_registration_blocks_submission_again(owner, proposal):
    assert submission_problems(proposal) == []
    attachment_remove(actor=owner, attachment=_registration(proposal))
    assert submission_problems(proposal) == [MISSING_REGISTRATION]


def test_removing_a_required_quotation_is_counted(owner, proposal):
    quotation = proposal.attachments.filter(kind=Attachment.Kind.QUOTATION).first()
    attachment_remove(actor=owner, attachment=quotation)
    assert submission_problems(proposal) == ["Cần ít nhất 3 báo giá cho nội dung này; mới có 2."]


def test_removal_writes_an_audit_row_with_a_timeline_label(owner, proposal):
    registration = _registration(proposal)
    attachment_remove(actor=owner, attachment=registration)
    row = AuditLog.objects.for_object(proposal).get(action="proposal.attachment_remove")
    assert row.actor == owner and row.after is None
    assert row.before == {
        "attachment": registration.pk,
        "original_name": "giay-phep.pdf",
        "kind": "registration",
    }
    assert action_label("proposal.attachment_remove") == "Gỡ tài liệu"


def test_removal_in_a_returned_proposal_ties_the_file_to_the_submitted_revision(world, owner):
    proposal = _submitted(world, owner)
    proposal_return(proposal=proposal, actor=world.users["district"], reason="Thiếu hồ sơ")
    revision = proposal.revisions.get()
    registration = _registration(proposal)
    attachment_remove(actor=owner, attachment=registration)
    registration.refresh_from_db()
    assert registration.revision == revision and registration.removed_at is not None


def test_removing_twice_is_refused(owner, proposal):
    registration = _registration(proposal)
    attachment_remove(actor=owner, attachment=registration)
    with pytest.raises(ServiceError, match="đã được gỡ khỏi hồ sơ") as error:
        attachment_remove(actor=owner, attachment=registration)
    assert error.value.message == "Tệp này đã được gỡ khỏi hồ sơ."
    assert AuditLog.objects.filter(action="proposal.attachment_remove").count() == 1


def test_a_replaced_file_cannot_be_removed_nor_a_removed_one_replaced(owner, proposal):
    registration = _registration(proposal)
    attachment_replace(actor=owner, attachment=registration, upload=upload("moi.pdf", PDF_BYTES))
    with pytest.raises(ServiceError, match="đã được thay bằng tệp khác") as error:
        attachment_remove(actor=owner, attachment=registration)
    assert error.value.message == "Tệp này đã được thay bằng tệp khác."
    quotation = proposal.attachments.filter(kind=Attachment.Kind.QUOTATION).first()
    attachment_remove(actor=owner, attachment=quotation)
    with pytest.raises(ServiceError, match="đã được gỡ khỏi hồ sơ") as error:
        attachment_replace(actor=owner, attachment=quotation, upload=upload("x.pdf", PDF_BYTES))
    assert error.value.message == "Tệp này đã được gỡ khỏi hồ sơ."
    assert proposal.attachments.count() == 5  # 4 of the draft + the replacement


def test_removal_on_a_submitted_proposal_is_refused_and_changes_nothing(world, owner):
    proposal = _submitted(world, owner)
    registration = _registration(proposal)
    with pytest.raises(ServiceError, match="chỉ sửa được khi đang soạn") as error:
        attachment_remove(actor=owner, attachment=registration)
    assert error.value.message == NOT_EDITABLE
    registration.refresh_from_db()
    assert registration.is_current and registration.removed_by is None
    assert not AuditLog.objects.filter(action="proposal.attachment_remove").exists()


def test_only_the_owner_may_remove(world, proposal):
    with pytest.raises(ServiceError, match="Chỉ cơ sở lập đề án mới được sửa"):
        attachment_remove(actor=world.users["facility_other"], attachment=_registration(proposal))
    assert _registration(proposal).is_current


# --- the view ------------------------------------------------------------------------------


def test_the_button_removes_and_goes_back_to_the_attachments(client, owner, proposal):
    registration = _registration(proposal)
    client.force_login(owner)
    response = client.post(_remove_url(registration))
    edit = reverse("proposals:proposal_edit", args=[proposal.pk])
    assert response.status_code == 302 and response["Location"] == edit + "#attachments"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Đã gỡ “giay-phep.pdf” khỏi hồ sơ; tệp vẫn được lưu trong lịch sử hồ sơ."
    ]
    registration.refresh_from_db()
    assert registration.removed_by == owner


def test_the_remove_url_is_post_only(client, owner, proposal):
    client.force_login(owner)
    assert client.get(_remove_url(_registration(proposal))).status_code == 405
    assert _registration(proposal).is_current


def test_removing_twice_through_the_page_shows_the_message(client, owner, proposal):
    registration = _registration(proposal)
    attachment_remove(actor=owner, attachment=registration)
    client.force_login(owner)
    response = client.post(_remove_url(registration))
    assert response.status_code == 400
    assert "Tệp này đã được gỡ khỏi hồ sơ." in response.content.decode()


def test_the_remove_url_on_a_submitted_proposal_answers_403(client, world, owner):
    proposal = _submitted(world, owner)
    registration = _registration(proposal)
    client.force_login(owner)
    response = client.post(_remove_url(registration))
    assert response.status_code == 403 and NOT_EDITABLE in response.content.decode()
    assert _registration(proposal).is_current


def test_an_attachment_of_another_proposal_answers_404(client, world, owner, proposal):
    others = ProposalFactory(
        facility=world.users["facility_other"].facility,
        created_by=world.users["facility_other"],
        state="draft",
    )
    foreign = make_attachment(others)
    mine_elsewhere = make_attachment(ProposalFactory(facility=owner.facility, state="draft"))
    client.force_login(owner)
    for attachment in (foreign, mine_elsewhere):
        url = reverse("proposals:attachment_remove", args=[proposal.pk, attachment.pk])
        assert client.post(url).status_code == 404
        attachment.refresh_from_db()
        assert attachment.is_current
    # The other facility cannot reach the owner's attachment through its own proposal either.
    client.force_login(world.users["facility_other"])
    url = reverse("proposals:attachment_remove", args=[others.pk, _registration(proposal).pk])
    assert client.post(url).status_code == 404
    assert client.post(_remove_url(_registration(proposal))).status_code == 404
    assert _registration(proposal).is_current


# --- the dossier history -------------------------------------------------------------------


def test_a_removed_file_stays_downloadable_by_the_owner_and_the_district(client, world, owner):
    proposal = complete_draft(owner)
    extra = make_attachment(proposal, Attachment.Kind.OTHER)
    attachment_remove(actor=owner, attachment=extra)
    download = reverse("proposals:attachment_download", args=[extra.pk])
    client.force_login(owner)
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    proposal_submit(actor=owner, proposal=proposal)
    client.force_login(world.users["district"])
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    page = client.get(reverse("proposals:proposal_detail", args=[proposal.pk])).content.decode()
    assert download in page and "đã gỡ bởi" in page
    # Outside the scope it stays hidden, removed or not.
    client.force_login(world.users["district_other"])
    assert client.get(download).status_code == 404


def test_the_timeline_shows_the_removal(client, owner, proposal):
    attachment_remove(actor=owner, attachment=_registration(proposal))
    client.force_login(owner)
    page = client.get(reverse("proposals:proposal_detail", args=[proposal.pk])).content.decode()
    assert "Gỡ tài liệu" in page


# --- the page ------------------------------------------------------------------------------


def test_the_edit_page_offers_removal_only_for_current_files(client, owner, proposal):
    registration = _registration(proposal)
    attachment_remove(actor=owner, attachment=registration)
    client.force_login(owner)
    page = client.get(reverse("proposals:proposal_edit", args=[proposal.pk])).content.decode()
    current = list(proposal.attachments.current())
    assert len(current) == 3
    for attachment in current:
        assert f'action="{_remove_url(attachment)}"' in page
    assert _remove_url(registration) not in page
    assert page.count(">Gỡ tệp</button>") == 3
    assert page.count('data-confirm="Gỡ tệp “giay-phep.pdf” khỏi hồ sơ?') == 3
    assert MISSING_REGISTRATION in page  # the pending problems name it again


def test_a_submitted_proposal_shows_no_remove_button(client, world, owner):
    proposal = _submitted(world, owner)
    for persona in ("facility", "district"):
        client.force_login(world.users[persona])
        page = client.get(reverse("proposals:proposal_detail", args=[proposal.pk]))
        assert page.status_code == 200
        assert "/remove/" not in page.content.decode() and "Gỡ tệp" not in page.content.decode()
