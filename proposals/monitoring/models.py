"""Implementation monitoring: progress reports, site inspections, change requests, acceptance.

Everything here hangs off an approved proposal and is written only by
``proposals.monitoring.services.lifecycle``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProgressReport(models.Model):
    """A facility's report on how far the work has gone (báo cáo tiến độ)."""

    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="progress_reports"
    )
    number = models.PositiveIntegerField(_("lần báo cáo"))
    percent_done = models.PositiveSmallIntegerField(_("khối lượng hoàn thành (%)"))
    work_done = models.TextField(_("đã mua sắm, lắp đặt, xây dựng"))
    notes = models.TextField(_("khó khăn, kiến nghị"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("báo cáo lúc"), default=timezone.now)

    class Meta:
        ordering = ["proposal", "number"]
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="progress_unique_number"),
            models.CheckConstraint(
                condition=Q(percent_done__gte=0) & Q(percent_done__lte=100),
                name="progress_percent_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.number}"

    @property
    def total_spent(self) -> int:
        return sum(s.amount for s in self.spendings.all())

    @property
    def total_support_used(self) -> int:
        return sum(s.support_amount for s in self.spendings.all())


class ProgressSpending(models.Model):
    """Money spent on one cost line during the period of a report.

    ``amount`` is everything spent on the line (support and counterpart); ``support_amount`` is
    the part paid from khuyến công money. Their sums over all reports never exceed the line's
    amount and the proposal's allocation respectively.
    """

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="spendings")
    cost_line = models.ForeignKey(
        "proposals.CostLine", on_delete=models.PROTECT, related_name="spendings"
    )
    amount = models.BigIntegerField(_("số tiền đã chi (đồng)"))
    support_amount = models.BigIntegerField(_("trong đó kinh phí khuyến công (đồng)"), default=0)

    class Meta:
        ordering = ["report", "cost_line__position", "cost_line_id"]
        verbose_name = _("chi phí theo dòng dự toán")
        verbose_name_plural = _("chi phí theo dòng dự toán")
        constraints = [
            models.UniqueConstraint(fields=["report", "cost_line"], name="spending_unique_line"),
            models.CheckConstraint(
                condition=Q(amount__gte=0)
                & Q(support_amount__gte=0)
                & Q(support_amount__lte=models.F("amount")),
                name="spending_amounts_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cost_line} · {self.amount}"


class SiteInspection(models.Model):
    """A visit of the DIT to the site (kiểm tra thực địa)."""

    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="inspections"
    )
    inspected_on = models.DateField(_("ngày kiểm tra"))
    inspectors = models.TextField(_("thành phần đoàn kiểm tra"))
    findings = models.TextField(_("kết quả kiểm tra"))
    follow_up_required = models.BooleanField(_("cần khắc phục"), default=False)
    follow_up = models.TextField(_("nội dung cần khắc phục"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), default=timezone.now)

    class Meta:
        ordering = ["proposal", "-inspected_on", "-id"]
        verbose_name = _("kiểm tra thực địa")
        verbose_name_plural = _("kiểm tra thực địa")

    def __str__(self) -> str:
        return f"{self.proposal} · {self.inspected_on:%d/%m/%Y}"


class ChangeRequest(models.Model):
    """A facility's request to change an approved proposal (đề nghị điều chỉnh).

    ``lines`` holds the proposed cost lines as ``{line_id: {"quantity", "unit_price",
    "requested_support"}}``; ``before`` is the proposal's snapshot when the DIT decided, so the
    page can show the difference with the revision the approval created.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ Sở Công Thương xem xét")
        APPROVED = "approved", _("Đã chấp thuận")
        REFUSED = "refused", _("Không chấp thuận")

    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="change_requests"
    )
    reason = models.TextField(_("lý do điều chỉnh"))
    new_end_date = models.DateField(_("thời gian kết thúc mới"), null=True, blank=True)
    new_content_scale = models.TextField(_("nội dung và quy mô mới"), blank=True)
    lines = models.JSONField(_("dự toán mới"), default=dict, blank=True)
    support_before = models.BigIntegerField(_("kinh phí hỗ trợ trước điều chỉnh"))
    support_after = models.BigIntegerField(_("kinh phí hỗ trợ sau điều chỉnh"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("đề nghị lúc"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến của Sở Công Thương"), blank=True)
    released = models.BigIntegerField(_("kinh phí phân bổ đã hoàn trả (đồng)"), default=0)
    before = models.JSONField(_("đề án trước điều chỉnh"), null=True, blank=True)
    revision = models.ForeignKey(
        "proposals.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["proposal", "-requested_at", "-id"]
        verbose_name = _("đề nghị điều chỉnh")
        verbose_name_plural = _("đề nghị điều chỉnh")
        constraints = [
            # One open request at a time: the DIT decides against a known starting point.
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(status="pending"),
                name="changerequest_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.requested_at:%d/%m/%Y}"

    @property
    def changes_schedule(self) -> bool:
        return self.new_end_date is not None

    @property
    def changes_scope(self) -> bool:
        return bool(self.new_content_scale)

    @property
    def changes_lines(self) -> bool:
        return bool(self.lines)


class Acceptance(models.Model):
    """The acceptance of the finished work (nghiệm thu). A failed one leaves the work open."""

    class Result(models.TextChoices):
        PASS = "pass", _("Đạt")
        PASS_WITH_CONDITIONS = "conditional", _("Đạt, có điều kiện")
        FAIL = "fail", _("Không đạt")

    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="acceptances"
    )
    accepted_on = models.DateField(_("ngày nghiệm thu"))
    members = models.TextField(_("thành phần hội đồng nghiệm thu"))
    result = models.CharField(_("kết quả"), max_length=20, choices=Result.choices)
    conditions = models.TextField(_("điều kiện, kiến nghị"), blank=True)
    accepted_cost = models.BigIntegerField(_("kinh phí được nghiệm thu (đồng)"))
    accepted_support = models.BigIntegerField(_("kinh phí khuyến công được nghiệm thu (đồng)"))
    jobs_achieved = models.PositiveIntegerField(_("số lao động có việc làm mới"), null=True)
    capacity_achieved = models.CharField(_("công suất tăng thêm"), max_length=200, blank=True)
    revenue_achieved = models.BigIntegerField(
        _("doanh thu tăng thêm (đồng/năm)"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), default=timezone.now)

    class Meta:
        ordering = ["proposal", "-accepted_on", "-id"]
        verbose_name = _("biên bản nghiệm thu")
        verbose_name_plural = _("biên bản nghiệm thu")
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_cost__gte=0) & Q(accepted_support__gte=0),
                name="acceptance_amounts_not_negative",
            ),
            models.UniqueConstraint(
                fields=["proposal"],
                condition=~Q(result="fail"),
                name="acceptance_one_passed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.accepted_on:%d/%m/%Y}"


class AcceptanceLine(models.Model):
    acceptance = models.ForeignKey(Acceptance, on_delete=models.CASCADE, related_name="lines")
    cost_line = models.ForeignKey(
        "proposals.CostLine", on_delete=models.PROTECT, related_name="acceptance_lines"
    )
    accepted_amount = models.BigIntegerField(_("kinh phí được nghiệm thu (đồng)"))

    class Meta:
        ordering = ["acceptance", "cost_line__position", "cost_line_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_amount__gte=0), name="acceptanceline_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cost_line} · {self.accepted_amount}"


def monitoring_file_path(instance: MonitoringFile, filename: str) -> str:
    # Never the user's name: it is kept in ``original_name`` and shown, not used as a path.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"monitoring/{instance.proposal_id}/{uuid.uuid4().hex}.{ext}"


class MonitoringFile(models.Model):
    """A photo, invoice, contract or minutes attached to a monitoring record."""

    class Kind(models.TextChoices):
        CONTRACT = "contract", _("Hợp đồng")
        PHOTO = "photo", _("Hình ảnh")
        INVOICE = "invoice", _("Hóa đơn, chứng từ")
        MINUTES = "minutes", _("Biên bản nghiệm thu")
        OTHER = "other", _("Tài liệu khác")

    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="monitoring_files"
    )
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=Kind.choices)
    report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    inspection = models.ForeignKey(
        SiteInspection, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    change_request = models.ForeignKey(
        ChangeRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    acceptance = models.ForeignKey(
        Acceptance, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("tệp"), upload_to=monitoring_file_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("tệp theo dõi thực hiện")
        verbose_name_plural = _("tệp theo dõi thực hiện")

    def __str__(self) -> str:
        return self.original_name


class ReportReminder(models.Model):
    """One reminder sent for one due report on one day; keeps the daily task idempotent."""

    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="report_reminders"
    )
    due_on = models.DateField(_("hạn báo cáo"))
    sent_on = models.DateField(_("ngày nhắc"))

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "sent_on"], name="reminder_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.sent_on:%d/%m/%Y}"
