"""The one form field for dates: every date of the portal is shown and typed as dd/mm/yyyy.

A browser's own ``<input type="date">`` shows and reads the date in the browser's locale (an
English browser shows mm/dd/yyyy and reads 12/08/2026 as 12 August), and it drops a value that
is not ISO. The portal's date input is therefore a text input marked ``data-date``:
``static/js/dates.js`` attaches the vendored flatpickr calendar (Vietnamese locale, format
``d/m/Y``) to it, on page load and on every htmx swap, and what is posted is what the user sees.
The server reads dd/mm/yyyy, and ISO yyyy-mm-dd as a fallback (links and old bookmarks).

dd/mm/yyyy is the portal's date convention (DESIGN.md, "Locale"), the one of Vietnamese
administrative documents. Every ``DateField`` of every portal form uses :class:`DateInput`
(``tests/khuyencong/test_forms_date.py`` walks the forms to hold that).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

DISPLAY_FORMAT = "%d/%m/%Y"
# dd/mm/yyyy first; ISO as a fallback. Never mm/dd: 12/08/2026 is 12 August 2026.
INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
INVALID = _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/12/2026.")


class DateInput(forms.DateInput):
    """A text input showing the date as dd/mm/yyyy, with the flatpickr calendar of dates.js."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {
            "data-date": "",
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "10",
            "placeholder": "dd/mm/yyyy",
        }
        super().__init__({**base, **(attrs or {})}, format=DISPLAY_FORMAT)


class DateField(forms.DateField):
    """A calendar date (``datetime.date``) typed as dd/mm/yyyy, or ISO yyyy-mm-dd.

    Raises ``ValidationError`` (code ``invalid``) with a Vietnamese message for anything else,
    including impossible days such as 31/02/2026: never read as another day.
    """

    widget = DateInput
    default_error_messages = {"invalid": INVALID}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", INPUT_FORMATS)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, str):
            value = value.strip()
        return super().to_python(value)
