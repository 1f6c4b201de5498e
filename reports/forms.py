from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.forms_date import DateField
from reports.documents import DOCUMENTS
from reports.models import GeneratedDocument


class DocumentForm(forms.Form):
    """The parameters of one document; which ones are required depends on its kind."""

    kind = forms.ChoiceField(
        label=_("Văn bản"), choices=[(k, s.title) for k, s in DOCUMENTS.items()]
    )
    format = forms.ChoiceField(
        label=_("Định dạng"), choices=GeneratedDocument.Format.choices, initial="pdf"
    )
    year = forms.IntegerField(
        label=_("Năm kế hoạch"), min_value=2000, max_value=2100, required=False
    )
    locality = forms.IntegerField(label=_("Địa bàn"), min_value=1, required=False)
    proposal = forms.IntegerField(label=_("Đề án"), min_value=1, required=False)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=50, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        spec = DOCUMENTS.get(data.get("kind", ""))
        if spec is None:
            return data
        for name in spec.params:
            if name != "decision_number" and data.get(name) in (None, ""):
                self.add_error(name, _("Vui lòng nhập trường này cho văn bản đã chọn."))
        return data

    def params(self) -> dict[str, Any]:
        spec = DOCUMENTS[self.cleaned_data["kind"]]
        values = {name: self.cleaned_data.get(name) for name in spec.params}
        if "decision_number" in values:
            values["decision_number"] = values["decision_number"] or ""
        return values


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Năm kế hoạch"), min_value=2000, max_value=2100)


class PlanApproveForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=50)
    decision_date = DateField(label=_("Ngày quyết định"))


class PlanReturnForm(forms.Form):
    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}))
