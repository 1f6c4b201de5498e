"""Uploads: content checks, size limit, clean names, replacement, scoped download."""

import io
import zipfile

import pytest
from django.urls import reverse

from khuyencong.exceptions import ServiceError
from proposals.models import Attachment
from proposals.services.revisions import revision_create
from proposals.services.submission import (
    SubmissionRefused,
    attachment_replace,
    attachment_upload,
    proposal_submit,
)
from proposals.uploads import clean_filename
from tests.factories import ProposalFactory
from tests.factories_submission import (
    EXE_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    complete_draft,
    make_attachment,
    office_bytes,
    upload,
)


@pytest.fixture
def draft(world):
    owner = world.users["facility"]
    return ProposalFactory(facility=owner.facility, created_by=owner, state="draft")


def _upload(world, draft, name, content, kind=Attachment.Kind.QUOTATION):
    return attachment_upload(
        actor=world.users["facility"], proposal=draft, kind=kind, upload=upload(name, content)
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("bao-gia.pdf", PDF_BYTES, "application/pdf"),
        ("anh.png", PNG_BYTES, "image/png"),
        ("anh.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100, "image/jpeg"),
        ("du-toan.docx", office_bytes("word"), "wordprocessingml"),
        ("du-toan.xlsx", office_bytes("xl"), "spreadsheetml"),
        ("khong-duoi", PDF_BYTES, "application/pdf"),
    ],
)
def test_allowed_types_are_recognised_by_content(world, draft, name, content, content_type):
    attachment = _upload(world, draft, name, content)
    assert content_type in attachment.content_type
    assert attachment.file.name.startswith(f"proposals/{draft.pk}/")
    assert name not in attachment.file.name  # the stored name never comes from the user


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("hoa-don.pdf", EXE_BYTES),  # an .exe renamed .pdf
        ("ghi-chu.pdf", b"just some text pretending"),
        ("archive.docx", office_bytes("other")),  # a zip that is not an Office file
        ("anim.pdf", b"GIF89a" + b"\x00" * 50),  # an allowed-looking name, a GIF inside
    ],
)
def test_other_content_is_refused_whatever_its_name(world, draft, name, content):
    with pytest.raises(ServiceError, match="không phải PDF, JPEG, PNG, DOCX hoặc XLSX") as error:
        _upload(world, draft, name, content)
    assert "không phải PDF, JPEG, PNG, DOCX hoặc XLSX" in error.value.message
    assert not draft.attachments.exists()


def test_zip_bombs_are_refused(world, draft, monkeypatch):
    monkeypatch.setattr("proposals.uploads.ZIP_MAX_UNCOMPRESSED", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "0" * 100_000)
    with pytest.raises(ServiceError, match="“bom.docx” không phải PDF"):
        _upload(world, draft, "bom.docx", buffer.getvalue())


def test_too_many_zip_entries_are_refused(world, draft, monkeypatch):
    monkeypatch.setattr("proposals.uploads.ZIP_MAX_ENTRIES", 5)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for i in range(10):
            archive.writestr(f"word/p{i}.xml", "x")
    with pytest.raises(ServiceError, match="“many.docx” không phải PDF"):
        _upload(world, draft, "many.docx", buffer.getvalue())


def test_oversize_files_are_refused(world, draft, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ServiceError, match="Tệp quá lớn") as error:
        _upload(world, draft, "to.pdf", PDF_BYTES + b"0" * 2000)
    assert "Tệp quá lớn" in error.value.message


def test_oversize_through_the_page_shows_the_message(client, world, draft, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(world.users["facility"])
    response = client.post(
        reverse("proposals:attachment_upload", args=[draft.pk]),
        {"kind": "quotation", "file": upload("to.pdf", PDF_BYTES + b"0" * 2000)},
    )
    assert response.status_code == 400 and "Tệp quá lớn" in response.content.decode()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\a.pdf", "a.pdf"),
        ("bao\x00gia\x1f.pdf", "baogia.pdf"),
        ("..", "tep-dinh-kem"),
        ("Báo giá máy sấy.pdf", "Báo giá máy sấy.pdf"),
    ],
)
def test_file_names_are_cleaned(raw, clean):
    assert clean_filename(raw) == clean


def test_long_names_keep_their_extension():
    name = clean_filename("a" * 500 + ".xlsx")
    assert len(name) <= 120 and name.endswith(".xlsx")


def test_an_uploaded_path_name_is_stored_clean(world, draft):
    attachment = _upload(world, draft, "../../bao-gia.pdf", PDF_BYTES)
    assert attachment.original_name == "bao-gia.pdf"


def test_too_few_quotations_block_submission(world):
    owner = world.users["facility"]
    proposal = complete_draft(owner)
    proposal.attachments.filter(kind=Attachment.Kind.QUOTATION).first().delete()
    with pytest.raises(SubmissionRefused) as refusal:
        proposal_submit(actor=owner, proposal=proposal)
    assert refusal.value.problems == ["Cần ít nhất 3 báo giá cho nội dung này; mới có 2."]


def test_replacing_keeps_the_old_file_with_the_previous_revision(world):
    owner = world.users["facility"]
    proposal = complete_draft(owner)
    revision = revision_create(proposal=proposal, actor=owner, reason="submission")
    old = proposal.attachments.filter(kind=Attachment.Kind.REGISTRATION).get()
    new = attachment_replace(actor=owner, attachment=old, upload=upload("moi.png", PNG_BYTES))
    old.refresh_from_db()
    assert old.replaced_by == new and old.revision == revision
    assert new.kind == old.kind and old.file.storage.exists(old.file.name)
    with pytest.raises(ServiceError, match="đã được thay bằng tệp khác"):
        attachment_replace(actor=owner, attachment=old, upload=upload("x.pdf", PDF_BYTES))


def test_download_sends_the_file_as_attachment_with_a_safe_name(client, world):
    owner = world.users["facility"]
    proposal = ProposalFactory(facility=owner.facility, created_by=owner)
    attachment = make_attachment(proposal)
    attachment.original_name = 'Giấy phép "số 1".pdf'
    attachment.save()
    client.force_login(world.users["district"])
    response = client.get(reverse("proposals:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    ("persona", "state", "status"),
    [
        ("facility", "draft", 200),
        ("facility_other", "draft", 404),
        ("district", "draft", 404),
        ("dit", "draft", 404),
        ("district", "submitted", 200),
        ("district_other", "submitted", 404),
        ("facility_other", "submitted", 404),
        ("council", "submitted", 404),
    ],
)
def test_download_follows_the_proposal_scope(client, world, persona, state, status):
    owner = world.users["facility"]
    attachment = make_attachment(ProposalFactory(facility=owner.facility, state=state))
    client.force_login(world.users[persona])
    response = client.get(reverse("proposals:attachment_download", args=[attachment.pk]))
    assert response.status_code == status


def test_media_is_not_served_under_any_url(client, world):
    owner = world.users["facility"]
    attachment = make_attachment(ProposalFactory(facility=owner.facility))
    client.force_login(owner)
    assert client.get(f"/media/{attachment.file.name}").status_code == 404
    assert client.get(f"/{attachment.file.name}").status_code == 404
