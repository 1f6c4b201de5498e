"""Checks on uploaded files: type by content (magic bytes), size, zip bombs, safe names.

The one place for it: the proposal's attachments (``check_upload``, a ``ServiceError``) and the
implementation files of monitoring (``CheckedFilesField``, form errors) use the same checks.
"""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _

from khuyencong.exceptions import ServiceError

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", DOCX: "docx", XLSX: "xlsx"}

# Office files are zip archives: refuse ones that would expand into something enormous.
IMAGE_TYPES = (JPEG, PNG)
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024
NAME_MAX_LENGTH = 120
# An image whose header declares more pixels than this is a decompression bomb: a few kilobytes
# that a viewer or a PDF renderer would expand into gigabytes of memory.
IMAGE_MAX_PIXELS = 50_000_000
# JPEG markers that start a frame (and carry the dimensions); C4, C8 and CC are not frames.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    original_name: str
    size: int


def clean_filename(name: str) -> str:
    """The user's file name without path parts or control characters, length-limited."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().strip(".").strip()
    if not name:
        return "tep-dinh-kem"
    if len(name) > NAME_MAX_LENGTH:
        suffix = PurePosixPath(name).suffix[:10]
        name = name[: NAME_MAX_LENGTH - len(suffix)].rstrip() + suffix
    return name


def zip_too_large(entries: list[zipfile.ZipInfo]) -> bool:
    """A zip bomb: too many entries, or more bytes once expanded than any real office file."""
    return (
        len(entries) > ZIP_MAX_ENTRIES or sum(e.file_size for e in entries) > ZIP_MAX_UNCOMPRESSED
    )


def _office_type(upload: UploadedFile) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if zip_too_large(entries):
                return None
            names = {e.filename for e in entries}
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    return None


def image_size(upload: UploadedFile, content_type: str) -> tuple[int, int] | None:
    """Width and height declared in a PNG's IHDR or a JPEG's frame header, without decoding."""
    upload.seek(0)
    try:
        if content_type == PNG:
            head = upload.read(24)
            if len(head) == 24 and head[12:16] == b"IHDR":
                return struct.unpack(">II", head[16:24])
            return None
        if content_type == JPEG:
            return _jpeg_size(upload.read())
        return None
    finally:
        upload.seek(0)


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    # Walk the marker segments up to the start of the scan; the frame header comes before it.
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # segments without a length
            position += 2
            continue
        if marker == 0xDA:  # start of scan: no frame header before it
            return None
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if marker in _JPEG_SOF and position + 9 <= len(data):
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return width, height
        position += 2 + length
    return None


def is_polyglot(upload: UploadedFile, content_type: str) -> bool:
    """A PDF or an image that is also a zip archive (a polyglot) hides a second file."""
    if content_type not in (PDF, JPEG, PNG):
        return False
    upload.seek(0)
    try:
        return zipfile.is_zipfile(upload)
    finally:
        upload.seek(0)


def check_image(upload: UploadedFile, content_type: str) -> None:
    """Refuse an image whose declared dimensions are absurd (a decompression bomb)."""
    size = image_size(upload, content_type)
    if size is not None and size[0] * size[1] > IMAGE_MAX_PIXELS:
        raise ServiceError(
            _(
                "Ảnh “%(name)s” có kích thước khai báo quá lớn (%(w)s × %(h)s điểm ảnh); "
                "tối đa %(max)s triệu điểm ảnh."
            )
            % {
                "name": clean_filename(upload.name or ""),
                "w": size[0],
                "h": size[1],
                "max": IMAGE_MAX_PIXELS // 1_000_000,
            }
        )


def content_type_of(upload: UploadedFile) -> str | None:
    """The allowed type the file's bytes are, or None (unknown, a zip bomb, a polyglot)."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime in (PDF, JPEG, PNG):
        return None if is_polyglot(upload, mime) else mime
    if head.startswith(b"PK\x03\x04"):
        return _office_type(upload)
    return None


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Refuse with a ``ServiceError`` anything but a PDF, JPEG, PNG, DOCX or XLSX in size."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise ServiceError(_("Tệp rỗng, vui lòng chọn lại tệp."))
    if upload.size > limit:
        raise ServiceError(
            _("Tệp quá lớn (%(size)s MB); dung lượng tối đa là %(limit)s MB.")
            % {"size": round(upload.size / 1024 / 1024, 1), "limit": limit // 1024 // 1024}
        )
    content_type = content_type_of(upload)
    if content_type is None:
        raise ServiceError(
            _(
                "Tệp “%(name)s” không phải PDF, JPEG, PNG, DOCX hoặc XLSX hợp lệ "
                "(hệ thống kiểm tra nội dung tệp, không dựa vào phần đuôi tên)."
            )
            % {"name": clean_filename(upload.name or "")}
        )
    check_image(upload, content_type)
    return CheckedFile(
        content_type=content_type,
        extension=EXTENSIONS[content_type],
        original_name=clean_filename(upload.name or ""),
        size=upload.size,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CheckedFilesField(forms.FileField):
    """Several files in one input, each through ``check_upload``; cleans to ``[(file, mime)]``."""

    widget = MultipleFileInput

    def __init__(self, *args: object, images_only: bool = False, **kwargs: object) -> None:
        self.images_only = images_only
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def check(self, upload: UploadedFile) -> str:
        try:
            content_type = check_upload(upload).content_type
        except ServiceError as error:
            raise forms.ValidationError(error.message) from error
        if self.images_only and content_type not in IMAGE_TYPES:
            raise forms.ValidationError(
                _("Tệp “%(name)s” phải là ảnh JPEG hoặc PNG.")
                % {"name": clean_filename(upload.name or "")}
            )
        return content_type

    def clean(self, data: object, initial: object = None) -> list[tuple[UploadedFile, str]]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        cleaned = []
        errors = []
        for upload in files:
            upload = super().clean(upload, initial)
            try:
                cleaned.append((upload, self.check(upload)))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


class OversizedUpload(UploadedFile):
    """What is left of a file that passed ``UPLOAD_MAX_BYTES``: its name and full size, no
    content. ``check_upload`` and ``CheckedFilesField`` refuse it with their size message."""

    def __init__(self, *, name: str, content_type: str, size: int, charset: str | None) -> None:
        super().__init__(io.BytesIO(), name, content_type, size, charset)


class SizeLimitUploadHandler(FileUploadHandler):
    """First of ``FILE_UPLOAD_HANDLERS``: once a file passes the limit its remaining chunks are
    counted but no longer handed to the memory or temporary-file handlers, so an oversized
    upload never fills the disk. The request body is still read to the end (cutting the
    connection would leave the user without the message)."""

    def new_file(self, *args: object, **kwargs: object) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received = start + len(raw_data)
        return None if self.received > settings.UPLOAD_MAX_BYTES else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.received <= settings.UPLOAD_MAX_BYTES:
            return None  # the next handler returns the file it stored
        return OversizedUpload(
            name=self.file_name or "",
            content_type=self.content_type or "application/octet-stream",
            size=self.received,
            charset=self.charset,
        )


def download_name(original_name: str, content_type: str) -> str:
    """The name a stored file is downloaded under: the user's name with the extension of the
    type detected from its content (a PDF uploaded as ``x.html`` downloads as ``x.pdf``)."""
    name = clean_filename(original_name)
    extension = EXTENSIONS.get(content_type)
    if extension is None:
        return name
    stem = PurePosixPath(name).stem if PurePosixPath(name).suffix else name
    return f"{stem or 'tep-dinh-kem'}.{extension}"
