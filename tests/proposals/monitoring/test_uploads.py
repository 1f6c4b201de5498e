"""Monitoring uploads are judged by their bytes: PDF, JPEG, PNG, DOCX, XLSX only (the same
checks as the proposal's attachments, through the form field of the monitoring forms)."""

import io
import zipfile

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from proposals.uploads import CheckedFilesField
from tests.factories_monitoring import PDF, PNG


def check_upload(upload: SimpleUploadedFile, *, images_only: bool = False) -> str:
    [(_file, mime)] = CheckedFilesField(images_only=images_only).clean([upload])
    return mime


def _ooxml(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("a.pdf", PDF, "application/pdf"),
        ("a.png", PNG, "image/png"),
        ("a.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
        (
            "a.docx",
            _ooxml("word"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "a.xlsx",
            _ooxml("xl"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_it_accepts_the_allowed_types_by_content(name, content, mime):
    assert check_upload(SimpleUploadedFile(name, content)) == mime


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("hoa-don.pdf", b"MZ\x90\x00\x03 an executable"),
        ("anh.png", b"GIF89a\x01\x00\x01\x00"),
        ("bang.xlsx", b"PK\x03\x04 not really"),
        ("ghi-chu.txt", b"plain text"),
    ],
)
def test_it_refuses_other_content_whatever_the_name(name, content):
    with pytest.raises(forms.ValidationError, match="không phải PDF, JPEG, PNG, DOCX hoặc XLSX"):
        check_upload(SimpleUploadedFile(name, content))


def test_photos_must_be_images(settings):
    with pytest.raises(forms.ValidationError, match="JPEG hoặc PNG"):
        check_upload(SimpleUploadedFile("anh.jpg", PDF), images_only=True)


def test_it_refuses_files_over_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 8
    with pytest.raises(forms.ValidationError, match="quá lớn"):
        check_upload(SimpleUploadedFile("a.pdf", PDF))


def test_several_bad_files_are_all_named_at_once():
    field = CheckedFilesField()
    with pytest.raises(forms.ValidationError) as error:
        field.clean([SimpleUploadedFile("a.pdf", b"MZ"), SimpleUploadedFile("b.png", b"GIF89a")])
    assert len(error.value.messages) == 2
