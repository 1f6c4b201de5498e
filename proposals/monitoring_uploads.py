"""Checks on files uploaded during implementation: by content, never by name."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from khuyencong.exceptions import ServiceError
from proposals.uploads import check_image, clean_filename, sniff_content_type

ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
IMAGE_TYPES = {"image/jpeg", "image/png"}


def sniff(upload: UploadedFile) -> str | None:
    """The MIME type the file's bytes reveal, or None when they match nothing allowed.

    The one content check of the portal (proposals.uploads): office files are opened as zips
    and refused when they would expand enormously, polyglots are refused."""
    mime = sniff_content_type(upload)
    return mime if mime in ALLOWED_TYPES else None


def check_upload(upload: UploadedFile, *, images_only: bool = False) -> str:
    """Return the file's real content type, or raise ``ValidationError`` with the reason."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise forms.ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s); tối đa %(max)s.")
            % {
                "name": clean_filename(upload.name),
                "size": filesizeformat(upload.size),
                "max": filesizeformat(settings.UPLOAD_MAX_BYTES),
            }
        )
    if not upload.size:
        raise forms.ValidationError(
            _("Tệp “%(name)s” rỗng, vui lòng chọn lại tệp.") % {"name": clean_filename(upload.name)}
        )
    mime = sniff(upload)
    if mime is None or (images_only and mime not in IMAGE_TYPES):
        allowed = "JPEG, PNG" if images_only else "PDF, JPEG, PNG, DOCX, XLSX"
        raise forms.ValidationError(
            _("Tệp “%(name)s” không phải định dạng được chấp nhận (%(allowed)s).")
            % {"name": clean_filename(upload.name), "allowed": allowed}
        )
    try:
        check_image(upload, mime)
    except ServiceError as error:
        raise forms.ValidationError(error.message) from None
    return mime


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CheckedFilesField(forms.FileField):
    """Several files in one input, each checked by content; cleans to ``[(file, mime)]``."""

    widget = MultipleFileInput

    def __init__(self, *args: object, images_only: bool = False, **kwargs: object) -> None:
        self.images_only = images_only
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self, data: object, initial: object = None) -> list[tuple[UploadedFile, str]]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        cleaned = []
        errors = []
        for upload in files:
            upload = super().clean(upload, initial)
            try:
                cleaned.append((upload, check_upload(upload, images_only=self.images_only)))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned
