from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from budgets.models import Appropriation, Disbursement, FundSource

MAX_AMOUNT = 10**15  # far above any provincial budget; keeps the field a BIGINT


class VndField(forms.CharField):
    """A whole number of đồng; accepts ``1250000000`` or ``1.250.000.000`` (never a fraction)."""

    default_error_messages = {
        "invalid": _("Nhập số tiền là số nguyên đồng, ví dụ 1.250.000.000."),
    }

    def __init__(self, *, allow_negative: bool = False, **kwargs: Any) -> None:
        self.allow_negative = allow_negative
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update(inputmode="numeric", maxlength="25")
        return attrs

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        text = text.replace(" ", "").removesuffix("đ")
        if len(text) > 25:
            raise forms.ValidationError(_("Số tiền quá lớn."), code="max")
        sign = 1
        if self.allow_negative and text.startswith("-"):
            sign, text = -1, text[1:]
        if text.isdecimal():
            amount = int(text)
        elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            amount = int(text.replace(".", ""))
        else:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        amount *= sign
        if abs(amount) > MAX_AMOUNT:
            raise forms.ValidationError(_("Số tiền quá lớn."), code="max")
        if not self.allow_negative and amount <= 0:
            raise forms.ValidationError(_("Số tiền phải lớn hơn 0."), code="min")
        return amount


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AppropriationForm(forms.Form):
    plan_year = forms.IntegerField(label=_("Năm kế hoạch"), min_value=2000, max_value=2100)
    fund_source = forms.ModelChoiceField(
        label=_("Nguồn kinh phí"), queryset=FundSource.objects.all()
    )
    amount = VndField(label=_("Số tiền được giao (đồng)"))
    decision_number = forms.CharField(label=_("Số quyết định giao dự toán"), max_length=50)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())


class AdjustmentForm(forms.Form):
    delta = VndField(
        label=_("Số tiền điều chỉnh (đồng)"),
        allow_negative=True,
        help_text=_("Số âm là giảm, ví dụ -200.000.000."),
    )
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))
    decision_number = forms.CharField(label=_("Số quyết định điều chỉnh"), max_length=50)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())

    def clean_delta(self) -> int:
        delta = self.cleaned_data["delta"]
        if delta == 0:
            raise forms.ValidationError(_("Số tiền điều chỉnh phải khác 0."))
        return delta


class AllocationForm(forms.Form):
    appropriation = forms.ModelChoiceField(
        label=_("Dự toán"),
        queryset=Appropriation.objects.none(),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    amount = VndField(
        label=_("Số tiền phân bổ (đồng)"),
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args: Any, appropriations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if appropriations is not None:
            self.fields["appropriation"].queryset = appropriations


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do từ chối"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class DisbursementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=Disbursement.Kind.choices)
    amount = VndField(label=_("Số tiền (đồng)"))
    voucher_number = forms.CharField(label=_("Số chứng từ"), max_length=50)
    voucher_date = forms.DateField(label=_("Ngày chứng từ"), widget=DateInput())


class SettlementForm(forms.Form):
    amount = VndField(label=_("Số tiền quyết toán (đồng)"))
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StatementForm(forms.Form):
    plan_year = forms.IntegerField(label=_("Năm kế hoạch"), min_value=2000, max_value=2100)
    file = forms.FileField(
        label=_("Bảng kê (.xlsx hoặc .csv)"),
        help_text=_(
            "Các cột: mã hồ sơ, số chứng từ, ngày chứng từ (dd/mm/yyyy), số tiền. "
            "Tối đa 10.000 dòng."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
        return upload
