from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from budgets.models import Appropriation, Disbursement
from khuyencong.catalogue.models import FundSource
from khuyencong.forms_date import DateField
from khuyencong.forms_money import MoneyField, MoneyInput

MAX_AMOUNT = 10**15  # far above any provincial budget; keeps the field a BIGINT


def amount_field(**kwargs: Any) -> MoneyField:
    """A positive whole amount of VND, read by the portal's one money field."""
    kwargs.setdefault("min_value", 1)
    kwargs.setdefault("max_value", MAX_AMOUNT)
    kwargs.setdefault("error_messages", {"min_value": _("Số tiền phải lớn hơn 0.")})
    return MoneyField(**kwargs)


class AppropriationForm(forms.Form):
    plan_year = forms.IntegerField(label=_("Năm kế hoạch"), min_value=2000, max_value=2100)
    fund_source = forms.ModelChoiceField(
        label=_("Nguồn kinh phí"), queryset=FundSource.objects.all()
    )
    amount = amount_field(label=_("Số tiền được giao (đồng)"))
    decision_number = forms.CharField(label=_("Số quyết định giao dự toán"), max_length=50)
    decision_date = DateField(label=_("Ngày quyết định"))


class AdjustmentForm(forms.Form):
    """An increase or a decrease of an appropriation: a direction and a positive amount, so a
    money input never has to read a sign."""

    INCREASE, DECREASE = "increase", "decrease"

    direction = forms.ChoiceField(
        label=_("Điều chỉnh"),
        choices=[(INCREASE, _("Tăng dự toán")), (DECREASE, _("Giảm dự toán"))],
        widget=forms.RadioSelect,
    )
    amount = amount_field(label=_("Số tiền điều chỉnh (đồng)"))
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))
    decision_number = forms.CharField(label=_("Số quyết định điều chỉnh"), max_length=50)
    decision_date = DateField(label=_("Ngày quyết định"))

    def service_data(self) -> dict[str, Any]:
        """The service's arguments: ``delta`` in VND, negative for a decrease."""
        data = self.cleaned_data
        sign = -1 if data["direction"] == self.DECREASE else 1
        return {
            "delta": sign * data["amount"],
            "reason": data["reason"],
            "decision_number": data["decision_number"],
            "decision_date": data["decision_date"],
        }


class AllocationForm(forms.Form):
    appropriation = forms.ModelChoiceField(
        label=_("Dự toán"),
        queryset=Appropriation.objects.none(),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    amount = amount_field(
        label=_("Số tiền phân bổ (đồng)"),
        widget=MoneyInput(attrs={"class": "form-control form-control-sm"}),
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
    amount = amount_field(label=_("Số tiền (đồng)"))
    voucher_number = forms.CharField(label=_("Số chứng từ"), max_length=50)
    voucher_date = DateField(label=_("Ngày chứng từ"))


class SettlementForm(forms.Form):
    amount = amount_field(label=_("Số tiền quyết toán (đồng)"))
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StatementForm(forms.Form):
    plan_year = forms.IntegerField(label=_("Năm kế hoạch"), min_value=2000, max_value=2100)
    file = forms.FileField(
        label=_("Bảng kê (.xlsx hoặc .csv)"),
        help_text=_(
            "Các cột: mã hồ sơ, số chứng từ, ngày chứng từ (dd/mm/yyyy), số tiền "
            "(khoản thu hồi tạm ứng ghi số âm, ví dụ -5.000.000 hoặc (5.000.000)). "
            "Tối đa 10.000 dòng."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
        return upload
