from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.lib.taxcodes import IdentifierError, is_personal_id, validate_tax_identifier
from khuyencong.models import Locality, User
from proposals.models import Facility

PHONE_RE = re.compile(r"^\+?[0-9][0-9 .-]{7,18}[0-9]$")


TAX_CODE_MESSAGES = {
    "format": _("Mã số thuế chỉ gồm chữ số."),
    "length": _(
        "Mã số thuế phải có 10 chữ số, 13 chữ số đối với chi nhánh, hoặc 12 chữ số (số định "
        "danh cá nhân của người đại diện) đối với hộ kinh doanh."
    ),
    "checksum": _("Mã số thuế không hợp lệ: chữ số kiểm tra không đúng."),
    "structure": _(
        "Số định danh cá nhân không hợp lệ: ba chữ số đầu không phải mã tỉnh nơi đăng ký khai sinh."
    ),
}


def clean_tax_code(value: str) -> str:
    """Validate a tax code (10 or 13 digits) or a household business's 12-digit personal
    identification number (Circular 86/2024/TT-BTC) and return its compact form (digits only)."""
    try:
        return validate_tax_identifier(value)
    except IdentifierError as error:
        raise ValidationError(TAX_CODE_MESSAGES[error.code], code=error.code) from None


class FacilityRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Tên cơ sở"), max_length=255)
    tax_code = forms.CharField(
        label=_("Mã số thuế"),
        max_length=20,
        help_text=_(
            "10 chữ số, hoặc 13 chữ số đối với chi nhánh (có thể viết 0123456789-001); hộ kinh "
            "doanh: số định danh cá nhân 12 chữ số của người đại diện."
        ),
    )
    legal_form = forms.ChoiceField(
        label=_("Loại hình"), choices=Facility._meta.get_field("legal_form").choices
    )
    locality = forms.ModelChoiceField(
        label=_("Địa bàn (xã, phường)"),
        queryset=Locality.objects.none(),
    )
    address = forms.CharField(label=_("Địa chỉ"), max_length=300)
    representative = forms.CharField(label=_("Người đại diện"), max_length=150)
    representative_title = forms.CharField(label=_("Chức vụ"), max_length=100, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20)
    email = forms.EmailField(label=_("E-mail"))
    main_products = forms.CharField(label=_("Sản phẩm chính"), max_length=300, required=False)

    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Tên đăng nhập chỉ gồm chữ, số và các ký tự @ . + - _")},
    )
    password1 = forms.CharField(label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), strip=False, widget=forms.PasswordInput
    )

    # Set by clean_tax_code: the tax code already has an account. The form does not say so
    # (a stranger must not learn which facilities are registered); the view answers as for a
    # new registration and e-mails the address given (issue 18, item 6).
    tax_code_taken = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the units in force today, of the configured intermediate level.
        self.fields["locality"].queryset = Locality.objects.intermediate_on(timezone.localdate())
        if settings.INTERMEDIATE_LEVEL == "district":
            self.fields["locality"].label = _("Địa bàn (huyện, thị xã, thành phố)")

    def clean_tax_code(self) -> str:
        code = clean_tax_code(self.cleaned_data["tax_code"])
        self.tax_code_taken = Facility.objects.filter(tax_code=code).exists()
        return code

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not PHONE_RE.match(phone):
            raise ValidationError(_("Số điện thoại không hợp lệ."))
        return phone

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("Tên đăng nhập này đã có người dùng."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        code, legal_form = data.get("tax_code"), data.get("legal_form")
        if code and legal_form and is_personal_id(code) and legal_form != "household":
            self.add_error(
                "tax_code",
                ValidationError(
                    _(
                        "Số định danh cá nhân 12 chữ số chỉ dùng làm mã số thuế cho hộ kinh "
                        "doanh; doanh nghiệp và hợp tác xã nhập mã số thuế 10 hoặc 13 chữ số."
                    ),
                    code="personal_id_not_household",
                ),
            )
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        elif p1:
            candidate = User(
                username=data.get("username", ""),
                email=data.get("email", ""),
                first_name=data.get("representative", ""),
            )
            try:
                password_validation.validate_password(p1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return data

    def facility_data(self) -> dict[str, Any]:
        fields = [
            "name",
            "tax_code",
            "legal_form",
            "locality",
            "address",
            "representative",
            "representative_title",
            "phone",
            "email",
            "main_products",
        ]
        return {name: self.cleaned_data[name] for name in fields}


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do từ chối"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class IdentityChangeForm(forms.Form):
    """A facility asks to change its legal name, tax number or locality (issue 18, item 5)."""

    name = forms.CharField(label=_("Tên cơ sở (theo giấy đăng ký)"), max_length=255)
    tax_code = forms.CharField(label=_("Mã số thuế"), max_length=20)
    locality = forms.ModelChoiceField(label=_("Địa bàn"), queryset=Locality.objects.none())
    reason = forms.CharField(
        label=_("Lý do thay đổi"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: số và ngày của giấy chứng nhận đăng ký mới."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Like registration: only the units in force today, of the configured level.
        self.fields["locality"].queryset = Locality.objects.intermediate_on(timezone.localdate())

    def clean_tax_code(self) -> str:
        return clean_tax_code(self.cleaned_data["tax_code"])


class IdentityDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approve", _("Duyệt")), ("refuse", _("Không duyệt"))],
    )
    note = forms.CharField(
        label=_("Ý kiến"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
