"""Hostile uploads (issue 8): polyglots, empty files, decompression bombs, zip bombs inside
DOCX and XLSX, names with control characters, through both upload paths (the đề án's
attachments and the monitoring files)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khuyencong.exceptions import ServiceError
from proposals import uploads
from proposals.models import Attachment, MonitoringFile
from proposals.monitoring.services.records import inspection_record
from proposals.services.submission import attachment_upload
from proposals.uploads import CheckedFilesField
from tests.factories_monitoring import in_progress_proposal
from tests.factories_review import proposal_in
from tests.factories_submission import PDF_BYTES, office_bytes

pytestmark = pytest.mark.django_db


def png_bytes(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    comment = b"\xff\xfe" + struct.pack(">H", 10) + b"a comment"[:8]
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return (
        b"\xff\xd8"
        + app0
        + comment
        + sof
        + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00"
        + b"\xff\xd9"
    )


def zip_bomb(folder: str, size: int) -> bytes:
    """A valid office file whose one part expands to ``size`` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(f"{folder}/document.xml", "w") as part:
            block = b"\x00" * (1024 * 1024)
            for _ in range(size // len(block)):
                part.write(block)
    return buffer.getvalue()


def polyglot() -> bytes:
    """A PDF whose tail is also a zip archive: two files in one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return PDF_BYTES + buffer.getvalue()


HOSTILE = {
    "polyglot-pdf-zip": ("hop-dong.pdf", polyglot(), "không phải"),
    "zero-byte": ("rong.pdf", b"", "rỗng"),
    "png-bomb": ("anh.png", png_bytes(100_000, 100_000), "kích thước khai báo quá lớn"),
    "jpeg-bomb": ("anh.jpg", jpeg_bytes(65_000, 65_000), "kích thước khai báo quá lớn"),
    "png-wide": ("anh.png", png_bytes(1_000_000, 60), "kích thước khai báo quá lớn"),
}


@pytest.fixture
def small_zip_limit(monkeypatch):
    # The real limit is 200 MB; a 1 MB limit and a 4 MB bomb keep the test fast and honest.
    monkeypatch.setattr(uploads, "ZIP_MAX_UNCOMPRESSED", 1024 * 1024)


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_the_attachment_path_refuses_it_and_writes_nothing(world, case):
    name, content, reason = HOSTILE[case]
    owner = world.users["facility"]
    draft = proposal_in("draft", facility=owner.facility)
    with pytest.raises(ServiceError, match=reason) as refused:
        attachment_upload(
            actor=owner,
            proposal=draft,
            kind="registration",
            upload=SimpleUploadedFile(name, content),
        )
    assert reason in refused.value.message
    assert Attachment.objects.count() == 0


# Monitoring forms check each file through the one checker, wrapped as a form field.
check_monitoring_upload = CheckedFilesField().check


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_the_monitoring_path_refuses_it(case):
    name, content, reason = HOSTILE[case]
    with pytest.raises(forms.ValidationError) as refused:
        check_monitoring_upload(SimpleUploadedFile(name, content))
    assert reason in " ".join(refused.value.messages)


@pytest.mark.parametrize("folder", ["word", "xl"])
def test_zip_bombs_inside_docx_and_xlsx_are_refused_on_both_paths(world, small_zip_limit, folder):
    bomb = zip_bomb(folder, 4 * 1024 * 1024)
    assert len(bomb) < 64 * 1024  # a few kilobytes that would expand 4 MB (200 MB in real life)
    owner = world.users["facility"]
    draft = proposal_in("draft", facility=owner.facility)
    with pytest.raises(ServiceError, match="không phải PDF, JPEG, PNG, DOCX hoặc XLSX"):
        attachment_upload(
            actor=owner, proposal=draft, kind="registration", upload=SimpleUploadedFile("a", bomb)
        )
    with pytest.raises(forms.ValidationError):
        check_monitoring_upload(SimpleUploadedFile("bang.xlsx", bomb))
    assert Attachment.objects.count() == 0


def test_reasonable_images_and_office_files_still_pass():
    assert uploads.check_upload(SimpleUploadedFile("a.png", png_bytes(4000, 3000))).extension == (
        "png"
    )
    assert uploads.check_upload(SimpleUploadedFile("a.jpg", jpeg_bytes(6000, 4000))).extension == (
        "jpg"
    )
    assert check_monitoring_upload(SimpleUploadedFile("b.docx", office_bytes("word"))).endswith(
        "document"
    )


def test_image_headers_are_read_without_decoding():
    assert uploads.image_size(SimpleUploadedFile("a", png_bytes(123, 45)), uploads.PNG) == (123, 45)
    assert uploads.image_size(SimpleUploadedFile("a", jpeg_bytes(640, 480)), uploads.JPEG) == (
        640,
        480,
    )


CONTROL_NAME = "hoá\x00đơn\r\n\x1b[31m\u202egnp.exe\x7f.pdf"


def test_control_characters_are_stripped_from_attachment_names(client, world):
    owner = world.users["facility"]
    draft = proposal_in("draft", facility=owner.facility)
    attachment = attachment_upload(
        actor=owner,
        proposal=draft,
        kind="registration",
        upload=SimpleUploadedFile(CONTROL_NAME, PDF_BYTES),
    )
    assert attachment.original_name == "hoáđơn[31mgnp.exe.pdf"
    client.force_login(owner)
    response = client.get(reverse("proposals:attachment_download", args=[attachment.pk]))
    disposition = response["Content-Disposition"]
    assert not any(ord(ch) < 32 or ord(ch) == 127 for ch in disposition)


def test_control_characters_are_stripped_from_monitoring_file_names(client, world):
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    upload = SimpleUploadedFile(CONTROL_NAME, PDF_BYTES)
    inspection_record(
        proposal=proposal,
        actor=world.users["dit"],
        inspected_on=proposal.contract_date,
        inspectors="Tổ kiểm tra",
        findings="Đúng tiến độ.",
        follow_up_required=False,
        photos=[(upload, check_monitoring_upload(upload))],
    )
    stored = MonitoringFile.objects.get()
    assert stored.original_name == "hoáđơn[31mgnp.exe.pdf"
    client.force_login(owner)
    response = client.get(reverse("proposals:monitoring_file", args=[stored.pk]))
    assert response.status_code == 200
    assert not any(ord(ch) < 32 or ord(ch) == 127 for ch in response["Content-Disposition"])


def test_a_zip_bomb_statement_is_refused_before_it_is_opened(world, small_zip_limit):
    from budgets.models import StatementImport
    from budgets.statements import StatementError, statement_import

    with pytest.raises(StatementError) as refused:
        statement_import(
            plan_year=2027,
            file_name="bang-ke.xlsx",
            content=zip_bomb("xl", 4 * 1024 * 1024),
            actor=world.users["finance"],
        )
    assert "giải nén ra quá lớn" in refused.value.errors[0]
    assert StatementImport.objects.count() == 0
