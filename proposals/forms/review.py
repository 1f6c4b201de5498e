"""Forms of the review, appraisal and decision actions (the services re-check everything)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.catalogue.models import ActivityType
from khuyencong.forms_date import DateField
from khuyencong.forms_money import MoneyField
from khuyencong.models import Locality, Role, User
from proposals.models import Criterion, Proposal, State


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Cơ sở sẽ thấy lý do này và những gì cần bổ sung."),
    )


class ForwardForm(forms.Form):
    opinion = forms.CharField(
        label=_("Ý kiến của UBND địa phương"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    priority = forms.IntegerField(
        label=_("Thứ tự ưu tiên trong địa bàn (năm kế hoạch)"), min_value=1, max_value=999
    )


class CouncilChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class StartAppraisalForm(forms.Form):
    members = CouncilChoiceField(
        label=_("Thành viên hội đồng thẩm định (ít nhất 2)"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = User.objects.filter(
            role=Role.COUNCIL, is_active=True
        ).order_by("first_name", "username")

    def clean_members(self) -> list[User]:
        members = list(self.cleaned_data["members"])
        if len(members) < 2:
            raise ValidationError(_("Chọn ít nhất 2 thành viên hội đồng."))
        return members


class ConcludeForm(forms.Form):
    recommended_amount = MoneyField(label=_("Kinh phí hội đồng đề nghị hỗ trợ (đồng)"))


class DecisionFieldsMixin(forms.Form):
    plan_year = forms.IntegerField(label=_("Năm kế hoạch"), min_value=2000, max_value=2100)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=50)
    decision_date = DateField(label=_("Ngày quyết định"))

    def clean_decision_date(self) -> Any:
        day = self.cleaned_data["decision_date"]
        if day > timezone.localdate():
            raise ValidationError(_("Ngày quyết định không được sau ngày hôm nay."))
        return day


class ApproveForm(DecisionFieldsMixin):
    approved_amount = MoneyField(label=_("Kinh phí phê duyệt (đồng)"))
    field_order = ["approved_amount", "plan_year", "decision_number", "decision_date"]


class BulkApproveForm(DecisionFieldsMixin):
    proposals = forms.ModelMultipleChoiceField(
        label=_("Đề án được chọn"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một đề án để phê duyệt.")},
    )

    def __init__(self, *args: Any, queryset: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["proposals"].queryset = queryset


class ScoreSheetForm(forms.Form):
    """One integer field per active criterion, bounded by its maximum."""

    comment = forms.CharField(
        label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            out_of_range = _("Điểm “%(name)s” là số nguyên từ 0 đến %(max)s.") % {
                "name": criterion.name,
                "max": criterion.max_score,
            }
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (0-{criterion.max_score})",
                min_value=0,
                max_value=criterion.max_score,
                error_messages={
                    "required": _("Chưa chấm tiêu chí “%(name)s”.") % {"name": criterion.name},
                    "invalid": out_of_range,
                    "min_value": out_of_range,
                    "max_value": out_of_range,
                },
                # The running total on the page weighs each score as the sheet's total does.
                widget=forms.NumberInput(
                    attrs={
                        "data-score-max": criterion.max_score,
                        "data-score-weight": str(criterion.weight),
                        "inputmode": "numeric",
                    }
                ),
            )
        self.order_fields([f"c{c.pk}" for c in criteria] + ["comment"])

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


# --- List filters ----------------------------------------------------------------------------

SORTS = (
    ("waiting", _("Chờ lâu nhất trước")),
    ("-waiting", _("Mới chuyển đến trước")),
)


class ProposalFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=State.choices)
    activity_type = django_filters.ModelChoiceFilter(
        label=_("Nội dung hoạt động"), queryset=ActivityType.objects.all()
    )
    plan_year = django_filters.NumberFilter(label=_("Năm kế hoạch"))
    locality = django_filters.ModelChoiceFilter(
        label=_("Địa bàn"),
        field_name="locality",
        queryset=Locality.objects.reviewing_units(),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sắp xếp"), choices=SORTS, method="sort_by", empty_label=None
    )

    def sort_by(self, queryset: Any, name: str, value: str) -> Any:
        if value == "-waiting":
            return queryset.order_by("-state_changed_at", "-id")
        return queryset.order_by("state_changed_at", "id")

    class Meta:
        model = Proposal
        fields = ["state", "activity_type", "plan_year"]
