"""The check every one-line text field of the portal's forms runs (issue 18, item 8).

Installed once at start-up (``KhuyencongConfig.ready``) on ``django.forms.CharField``, so that
every CharField of every form (registration, proposals, cost lines, budgets, the admin) refuses
control characters unless it is written in a multi-line box (``Textarea``), without each form
having to remember it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khuyencong.lib.controls import has_controls
from khuyencong.lib.text import nfc

MESSAGE = _(
    "Trường này chỉ nhận một dòng chữ: không được có ký tự xuống dòng, tab hay ký tự điều khiển."
)


def one_line_validate(field: forms.CharField, value: Any) -> None:
    """Refuse control characters in ``value`` unless ``field`` is a multi-line box."""
    multi_line = isinstance(field.widget, forms.Textarea)
    if isinstance(value, str) and not multi_line and has_controls(value):
        raise ValidationError(MESSAGE, code="control_characters")


def install() -> None:
    """Make every ``forms.CharField`` run the one-line check and return NFC text."""
    if getattr(forms.CharField.validate, "one_line", False):
        return
    original = forms.CharField.validate

    def validate(self: forms.CharField, value: Any) -> None:
        original(self, value)
        one_line_validate(self, value)

    validate.one_line = True  # type: ignore[attr-defined]
    forms.CharField.validate = validate  # type: ignore[method-assign]

    # Issue 14: every text typed in a form (and every search query) becomes NFC, the one form
    # stored and compared; passwords stay byte for byte as typed.
    to_python = forms.CharField.to_python

    def nfc_to_python(self: forms.CharField, value: Any) -> Any:
        value = to_python(self, value)
        if isinstance(self.widget, forms.PasswordInput):
            return value
        return nfc(value)

    forms.CharField.to_python = nfc_to_python  # type: ignore[method-assign]
