"""Forms of implementation monitoring. Money fields are whole VND; the services re-check all."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from khuyencong.forms_date import DateField
from khuyencong.forms_money import MoneyField
from proposals.models import Acceptance, CostLine
from proposals.monitoring.services.changes import LineChange
from proposals.monitoring.services.lifecycle import AcceptanceInput
from proposals.uploads import CheckedFilesField


def _date(label: str, **kwargs: Any) -> DateField:
    return DateField(label=label, **kwargs)


def _money(label: str, **kwargs: Any) -> MoneyField:
    return MoneyField(label=label, **kwargs)


class LineFieldsMixin:
    """Adds a group of fields per cost line and lets the template walk them line by line."""

    line_fields: tuple[str, ...] = ()
    fields: dict[str, forms.Field]

    def _add_line_fields(self, lines: list[CostLine]) -> None:
        self.lines = lines
        for line in lines:
            for name, field in self.fields_for_line(line).items():
                self.fields[f"{name}_{line.pk}"] = field

    def fields_for_line(self, line: CostLine) -> dict[str, forms.Field]:
        raise NotImplementedError

    def line_rows(self) -> list[tuple[CostLine, list[forms.BoundField]]]:
        return [
            (line, [self[f"{name}_{line.pk}"] for name in self.line_fields])  # type: ignore[index]
            for line in self.lines
        ]


class StartForm(forms.Form):
    contract_number = forms.CharField(label=_("Số hợp đồng"), max_length=50)
    contract_date = _date(_("Ngày hợp đồng"))
    contract_files = CheckedFilesField(label=_("Bản scan hợp đồng (không bắt buộc)"))


class ProgressReportForm(LineFieldsMixin, forms.Form):
    line_fields = ("spent", "support")

    percent_done = forms.IntegerField(
        label=_("Khối lượng hoàn thành (%)"),
        validators=[
            MinValueValidator(0, _("Tỷ lệ hoàn thành phải từ 0 đến 100%%.")),
            MaxValueValidator(100, _("Tỷ lệ hoàn thành phải từ 0 đến 100%%.")),
        ],
    )
    work_done = forms.CharField(
        label=_("Đã mua sắm, lắp đặt, xây dựng"), widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(
        label=_("Khó khăn, kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = CheckedFilesField(label=_("Hình ảnh (JPEG, PNG)"), images_only=True)
    invoices = CheckedFilesField(label=_("Hóa đơn, chứng từ (PDF, JPEG, PNG, DOCX, XLSX)"))

    def __init__(self, *args: Any, lines: list[CostLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_line_fields(lines)

    def fields_for_line(self, line: CostLine) -> dict[str, forms.Field]:
        return {
            "spent": _money(_("Đã chi kỳ này"), required=False, initial=0),
            "support": _money(_("Trong đó kinh phí khuyến công"), required=False, initial=0),
        }

    def spendings(self) -> dict[int, tuple[int, int]]:
        data = self.cleaned_data
        return {
            line.pk: (data.get(f"spent_{line.pk}") or 0, data.get(f"support_{line.pk}") or 0)
            for line in self.lines
        }


class InspectionForm(forms.Form):
    inspected_on = _date(_("Ngày kiểm tra"))
    inspectors = forms.CharField(
        label=_("Thành phần đoàn kiểm tra"), widget=forms.Textarea(attrs={"rows": 2})
    )
    findings = forms.CharField(
        label=_("Kết quả kiểm tra"), widget=forms.Textarea(attrs={"rows": 4})
    )
    follow_up_required = forms.BooleanField(label=_("Cơ sở cần khắc phục"), required=False)
    follow_up = forms.CharField(
        label=_("Nội dung cần khắc phục"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = CheckedFilesField(label=_("Hình ảnh (JPEG, PNG)"), images_only=True)


class ChangeRequestForm(LineFieldsMixin, forms.Form):
    line_fields = ("quantity", "unit_price", "support")

    reason = forms.CharField(label=_("Lý do điều chỉnh"), widget=forms.Textarea(attrs={"rows": 3}))
    new_end_date = _date(_("Thời gian kết thúc mới"), required=False)
    new_content_scale = forms.CharField(
        label=_("Nội dung và quy mô mới"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Để nguyên nếu không điều chỉnh nội dung."),
    )
    files = CheckedFilesField(label=_("Tài liệu kèm theo"))

    def __init__(self, *args: Any, lines: list[CostLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_line_fields(lines)

    def fields_for_line(self, line: CostLine) -> dict[str, forms.Field]:
        return {
            "quantity": forms.DecimalField(
                label=_("Số lượng"),
                max_digits=12,
                decimal_places=2,
                min_value=Decimal("0.01"),
                initial=line.quantity,
            ),
            "unit_price": _money(_("Đơn giá"), initial=line.unit_price),
            "support": _money(_("Kinh phí đề nghị hỗ trợ"), initial=line.requested_support),
        }

    def line_changes(self) -> dict[int, LineChange]:
        data = self.cleaned_data
        return {
            line.pk: LineChange(
                quantity=data[f"quantity_{line.pk}"],
                unit_price=data[f"unit_price_{line.pk}"],
                requested_support=data[f"support_{line.pk}"],
            )
            for line in self.lines
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approve", _("Chấp thuận")), ("refuse", _("Không chấp thuận"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Ý kiến của Sở Công Thương"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi không chấp thuận."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("note") or "").strip():
            self.add_error("note", _("Vui lòng nêu lý do không chấp thuận."))
        return data


class AcceptanceForm(LineFieldsMixin, forms.Form):
    line_fields = ("accepted",)

    accepted_on = _date(_("Ngày nghiệm thu"))
    members = forms.CharField(
        label=_("Thành phần hội đồng nghiệm thu"), widget=forms.Textarea(attrs={"rows": 2})
    )
    result = forms.ChoiceField(label=_("Kết quả"), choices=Acceptance.Result.choices)
    conditions = forms.CharField(
        label=_("Điều kiện, kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    accepted_support = _money(
        _("Kinh phí khuyến công được nghiệm thu"),
        required=False,
        help_text=_("Để trống: mức tối đa theo mức hỗ trợ, phân bổ và phê duyệt."),
    )
    jobs_achieved = forms.IntegerField(label=_("Số lao động có việc làm mới"), min_value=0)
    capacity_achieved = forms.CharField(
        label=_("Công suất tăng thêm"), max_length=200, required=False
    )
    revenue_achieved = _money(_("Doanh thu tăng thêm (đồng/năm)"), required=False)
    minutes = CheckedFilesField(label=_("Biên bản nghiệm thu"), required=True)
    invoices = CheckedFilesField(label=_("Hóa đơn, chứng từ"))

    def __init__(self, *args: Any, lines: list[CostLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_line_fields(lines)
        self.fields["minutes"].error_messages["required"] = _(
            "Vui lòng đính kèm biên bản nghiệm thu."
        )

    def fields_for_line(self, line: CostLine) -> dict[str, forms.Field]:
        return {"accepted": _money(_("Kinh phí được nghiệm thu"), initial=line.amount)}

    def acceptance_input(self) -> AcceptanceInput:
        data = self.cleaned_data
        return AcceptanceInput(
            accepted_on=data["accepted_on"],
            members=data["members"],
            result=data["result"],
            conditions=data["conditions"],
            line_amounts={line.pk: data[f"accepted_{line.pk}"] for line in self.lines},
            accepted_support=data["accepted_support"],
            jobs_achieved=data["jobs_achieved"],
            capacity_achieved=data["capacity_achieved"],
            revenue_achieved=data["revenue_achieved"],
        )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy đề án"), widget=forms.Textarea(attrs={"rows": 3}))
