from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.catalogue.models import ActivityType, CostCategory, FundSource
from khuyencong.forms_date import DateField
from khuyencong.forms_money import MoneyField
from proposals.forms.facilities import PHONE_RE, clean_tax_code
from proposals.models import Attachment, Facility, Proposal
from proposals.services.profile import PROFILE_FIELDS
from proposals.services.submission import MAX_AMOUNT, MAX_QUANTITY, PROPOSAL_FIELDS

# The production-line option is not on the main form: it sits beside the totals, and only
# where the applicable rule has a multiplier (see ``production_line_view``).
FORM_FIELDS = [name for name in PROPOSAL_FIELDS if name != "is_production_line"]


def grouped_activity_choices() -> list:
    """Activity types under their group of Decree 45/2012 (amended by Decree 235/2025), with
    the quotations each requires."""
    choices: list = [("", "---------")]
    groups: dict[str, list] = {}
    for activity in ActivityType.objects.filter(is_active=True).select_related("group"):
        label = activity.name
        if activity.required_quotations:
            label = _("%(name)s (cần %(n)d báo giá)") % {
                "name": activity.name,
                "n": activity.required_quotations,
            }
        groups.setdefault(str(activity.group), []).append((activity.pk, label))
    choices.extend(groups.items())
    return choices


def money_field(label: str, *, required: bool = True) -> MoneyField:
    return MoneyField(label=label, required=required, min_value=0, max_value=MAX_AMOUNT)


class ProposalForm(forms.ModelForm):
    """The đề án. Every field is optional here: a draft saves with partial data, and the
    submission check lists what is still missing."""

    activity_type = forms.ModelChoiceField(
        label=_("Nội dung hoạt động"),
        queryset=ActivityType.objects.filter(is_active=True).select_related("group"),
        required=False,
    )
    fund_source = forms.ModelChoiceField(
        label=_("Nguồn kinh phí"), queryset=FundSource.objects.all(), required=False
    )
    plan_year = forms.IntegerField(
        label=_("Năm kế hoạch"),
        required=False,
        error_messages={"invalid": _("Năm kế hoạch phải là một số, ví dụ 2027.")},
    )
    revenue_increase = money_field(_("Doanh thu tăng thêm (đồng/năm)"), required=False)
    jobs_created = forms.IntegerField(
        label=_("Số lao động có việc làm mới"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        error_messages={
            "invalid": _("Số lao động phải là một số nguyên."),
            "min_value": _("Số lao động không được âm."),
            "max_value": _("Số lao động quá lớn; vui lòng kiểm tra lại."),
        },
    )

    class Meta:
        model = Proposal
        fields = FORM_FIELDS
        field_classes = {"start_date": DateField, "end_date": DateField}
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in (
                    "necessity",
                    "objectives",
                    "content_scale",
                    "implementation_plan",
                    "expected_results",
                    "commitments",
                )
            },
        }
        error_messages = {
            "start_date": {"invalid": _("Ngày không hợp lệ (dd/mm/yyyy).")},
            "end_date": {"invalid": _("Ngày không hợp lệ (dd/mm/yyyy).")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["activity_type"].choices = grouped_activity_choices()
        self.fields["start_date"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["end_date"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def clean_plan_year(self) -> int | None:
        year = self.cleaned_data.get("plan_year")
        if year is None:
            return None
        now = timezone.localdate().year
        if year < now:
            raise forms.ValidationError(
                _("Năm kế hoạch %(year)s đã qua; vui lòng chọn từ năm %(now)s."),
                params={"year": year, "now": now},
            )
        if year > now + 5:
            raise forms.ValidationError(
                _("Năm kế hoạch chỉ được trong 5 năm tới (đến %(max)s)."), params={"max": now + 5}
            )
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Thời gian kết thúc phải sau thời gian bắt đầu."))
        for name in ("title", "implementing_unit", "location", "capacity_increase"):
            if isinstance(data.get(name), str):
                data[name] = data[name].strip()
        return data

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in FORM_FIELDS}
        for name in FORM_FIELDS:
            internal = Proposal._meta.get_field(name).get_internal_type()
            if internal in ("CharField", "TextField") and data[name] is None:
                data[name] = ""
        return data


class CostLineForm(forms.Form):
    content = forms.CharField(label=_("Nội dung chi"), max_length=500)
    unit = forms.CharField(label=_("Đơn vị tính"), max_length=50)
    quantity = forms.DecimalField(
        label=_("Số lượng"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        max_value=MAX_QUANTITY,
        error_messages={
            "invalid": _("Số lượng phải là một số."),
            "min_value": _("Số lượng không được âm."),
            "max_value": _("Số lượng quá lớn; vui lòng kiểm tra lại."),
            "max_digits": _("Số lượng quá lớn; vui lòng kiểm tra lại."),
            "max_decimal_places": _("Số lượng chỉ lấy tối đa 2 chữ số thập phân."),
            "max_whole_digits": _("Số lượng quá lớn; vui lòng kiểm tra lại."),
        },
    )
    unit_price = money_field(_("Đơn giá (đồng)"))
    requested_support = money_field(_("Kinh phí khuyến công đề nghị (đồng)"))
    counterpart = money_field(_("Vốn đối ứng (đồng)"), required=False)
    category = forms.ModelChoiceField(
        label=_("Khoản chi"),
        queryset=CostCategory.objects.none(),
        required=False,
        help_text=_("Khoản chi không được hỗ trợ: toàn bộ thành tiền là vốn đối ứng."),
        error_messages={"invalid_choice": _("Khoản chi không thuộc nội dung hoạt động của đề án.")},
    )

    def __init__(self, *args: Any, proposal: Proposal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = CostCategory.objects.none()
        if proposal is not None and proposal.activity_type_id:
            offered = CostCategory.objects.filter(activity_type_id=proposal.activity_type_id)
        self.fields["category"].queryset = offered
        if len(offered) <= 1:
            # One category (or none): nothing to choose, the service takes it by default.
            self.fields["category"].widget = forms.HiddenInput()
        else:
            self.fields["category"].required = True
            self.fields["category"].error_messages["required"] = _(
                "Vui lòng chọn khoản chi của dòng dự toán."
            )

    def clean_quantity(self) -> Any:
        quantity = self.cleaned_data["quantity"]
        if quantity <= 0:
            raise forms.ValidationError(_("Số lượng phải lớn hơn 0."))
        return quantity


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=Attachment.Kind.choices)
    file = forms.FileField(
        label=_("Tệp"),
        help_text=_("PDF, JPEG, PNG, DOCX hoặc XLSX."),
        error_messages={"required": _("Vui lòng chọn tệp."), "empty": _("Tệp rỗng.")},
    )


class ReplaceForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp mới"),
        error_messages={"required": _("Vui lòng chọn tệp."), "empty": _("Tệp rỗng.")},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do rút đề án"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Vui lòng nêu lý do rút đề án.")},
    )


class FacilityProfileForm(forms.ModelForm):
    class Meta:
        model = Facility
        fields = PROFILE_FIELDS

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not PHONE_RE.match(phone):
            raise forms.ValidationError(_("Số điện thoại không hợp lệ."))
        return phone


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=20,
        help_text=_("Ví dụ KC-2026-0042"),
        error_messages={"required": _("Vui lòng nhập mã hồ sơ.")},
    )
    tax_code = forms.CharField(
        label=_("Mã số thuế của cơ sở"),
        max_length=20,
        error_messages={"required": _("Vui lòng nhập mã số thuế.")},
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()

    def clean_tax_code(self) -> str:
        # A malformed number is answered like a wrong one: the form never says which it was.
        try:
            return clean_tax_code(self.cleaned_data["tax_code"])
        except forms.ValidationError:
            return ""
