"""The one form field for money: every amount typed into the portal is read by ``parse_vnd``.

The input is a text input (``inputmode="numeric"``) marked ``data-money``: ``static/js/money.js``
groups the digits with AutoNumeric as the user types (``12.500.000``), and what is posted is
what the user sees, which ``parse_vnd`` reads. A pre-filled amount is shown grouped.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khuyencong.lib.money import BLANKS, MAX_VND, MoneyParseError, format_vnd, parse_vnd


class MoneyInput(forms.TextInput):
    """A text input that shows an amount grouped with dots and that money.js formats."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "data-money": "",
            "maxlength": "40",
            "placeholder": "12.500.000",
        }
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return format_vnd(value, suffix=False)
        return super().format_value(value)


class MoneyField(forms.Field):
    """A whole amount of VND (an ``int``), read by :func:`khuyencong.lib.money.parse_vnd`.

    ``min_value`` (default 0) and ``max_value`` (default 10^15) bound the amount; both are
    clamped to 0..10^15, so the admin's BIGINT bounds fit too. The messages repeat what was
    typed and show the expected form.
    """

    widget = MoneyInput
    default_error_messages = {
        "required": _("Vui lòng nhập số tiền, ví dụ 12.500.000."),
        "min_value": _("Số tiền %(value)s nhỏ hơn mức tối thiểu %(limit)s đồng."),
        "max_value": _("Số tiền quá lớn: %(value)s vượt mức tối đa %(limit)s đồng."),
    }

    def __init__(
        self, *, min_value: int | None = 0, max_value: int | None = MAX_VND, **kwargs: Any
    ) -> None:
        # A model field's formfield() passes these; money fields need none of them.
        for name in ("max_length", "min_length", "strip", "empty_value", "step_size"):
            kwargs.pop(name, None)
        self.min_value = max(0, 0 if min_value is None else int(min_value))
        self.max_value = min(MAX_VND, MAX_VND if max_value is None else int(max_value))
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if isinstance(widget, MoneyInput):
            attrs["data-money-max"] = str(self.max_value)
        return attrs

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if value is None or not str(value).strip(BLANKS):
            return None
        try:
            return parse_vnd(str(value))
        except MoneyParseError as exc:
            raise ValidationError(exc.message, code=exc.code) from None

    def validate(self, value: int | None) -> None:
        super().validate(value)
        if value is None:
            return
        for code, limit, wrong in (
            ("min_value", self.min_value, value < self.min_value),
            ("max_value", self.max_value, value > self.max_value),
        ):
            if wrong:
                raise ValidationError(
                    self.error_messages[code],
                    code=code,
                    params={
                        "value": format_vnd(value, suffix=False),
                        "limit": format_vnd(limit, suffix=False),
                    },
                )
