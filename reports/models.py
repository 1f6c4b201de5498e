from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PlanRun(models.Model):
    """One aggregation of a plan year into a snapshot of ``PlanLine`` rows.

    A run becomes the current snapshot only when it finished: readers take the latest ``done``
    run of the year, so a failed or running run never hides the previous one.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("Đang tổng hợp")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Thất bại")

    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(_("bắt đầu lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("hoàn tất lúc"), null=True, blank=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    trigger = models.CharField(_("nguồn kích hoạt"), max_length=50, default="manual")
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("lần tổng hợp kế hoạch")
        verbose_name_plural = _("lần tổng hợp kế hoạch")
        indexes = [models.Index(fields=["year", "status", "finished_at"])]

    def __str__(self) -> str:
        return f"{self.year} · {self.started_at:%d/%m/%Y %H:%M} · {self.get_status_display()}"


class PlanLine(models.Model):
    """One locality × activity type × fund source of a run: counts per stage and money."""

    run = models.ForeignKey(PlanRun, on_delete=models.CASCADE, related_name="lines")
    locality = models.ForeignKey(
        "khuyencong.Locality", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="+"
    )
    activity_type = models.ForeignKey(
        "catalogue.ActivityType",
        verbose_name=_("nội dung hoạt động"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    fund_source = models.ForeignKey(
        "catalogue.FundSource",
        verbose_name=_("nguồn kinh phí"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    n_submitted = models.PositiveIntegerField(_("số đề án đã nộp"), default=0)
    n_in_review = models.PositiveIntegerField(_("đang xem xét"), default=0)
    n_approved = models.PositiveIntegerField(_("được phê duyệt"), default=0)
    n_in_progress = models.PositiveIntegerField(_("đang thực hiện"), default=0)
    n_accepted = models.PositiveIntegerField(_("đã nghiệm thu"), default=0)
    n_settled = models.PositiveIntegerField(_("đã quyết toán"), default=0)
    n_refused = models.PositiveIntegerField(_("không chấp thuận, rút, hủy"), default=0)
    requested = models.BigIntegerField(_("kinh phí đề nghị"), default=0)
    recommended = models.BigIntegerField(_("kinh phí hội đồng đề nghị"), default=0)
    approved = models.BigIntegerField(_("kinh phí được phê duyệt"), default=0)
    allocated = models.BigIntegerField(_("kinh phí đã phân bổ"), default=0)
    disbursed = models.BigIntegerField(_("kinh phí đã giải ngân"), default=0)
    settled = models.BigIntegerField(_("kinh phí đã quyết toán"), default=0)
    jobs = models.PositiveIntegerField(_("lao động có việc làm mới"), default=0)
    facilities = models.PositiveIntegerField(_("số cơ sở được hỗ trợ"), default=0)

    FIGURES = (
        "n_submitted",
        "n_in_review",
        "n_approved",
        "n_in_progress",
        "n_accepted",
        "n_settled",
        "n_refused",
        "requested",
        "recommended",
        "approved",
        "allocated",
        "disbursed",
        "settled",
        "jobs",
        "facilities",
    )

    class Meta:
        ordering = ["run", "locality__code", "activity_type_id", "fund_source_id"]
        verbose_name = _("dòng kế hoạch")
        verbose_name_plural = _("dòng kế hoạch")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "locality", "activity_type", "fund_source"],
                name="planline_unique_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_id} · {self.locality_id} · {self.activity_type_id}"


class PlanDeadline(models.Model):
    """A deadline of the planning season (e.g. districts send their lists to the DIT)."""

    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    name = models.CharField(_("tên mốc"), max_length=200)
    date = models.DateField(_("hạn chót"))
    reminder_days_before = models.PositiveSmallIntegerField(
        _("nhắc trước (ngày)"),
        default=5,
        help_text=_(
            "Cán bộ UBND địa phương còn hồ sơ chờ xử lý được nhắc trước hạn bấy nhiêu ngày."
        ),
    )
    reminded_on = models.DateField(_("đã nhắc ngày"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["year", "date"]
        verbose_name = _("hạn chót kế hoạch")
        verbose_name_plural = _("hạn chót kế hoạch")

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%d/%m/%Y})"


def document_path(instance: GeneratedDocument, filename: str) -> str:
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{instance.owner_id}/{uuid.uuid4().hex}.{ext}"


class GeneratedDocumentQuerySet(models.QuerySet["GeneratedDocument"]):
    def owned_by(self, user: object) -> GeneratedDocumentQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


class GeneratedDocument(models.Model):
    """A document built by a task and kept in private storage for its owner."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Thất bại")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("loại văn bản"), max_length=40)
    params = models.JSONField(_("tham số"), default=dict)
    format = models.CharField(_("định dạng"), max_length=10, choices=Format.choices)
    title = models.CharField(_("tên văn bản"), max_length=300)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    file = models.FileField(_("tệp"), upload_to=document_path, max_length=300, blank=True)
    filename = models.CharField(_("tên tệp"), max_length=200, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("hoàn tất lúc"), null=True, blank=True)

    objects = GeneratedDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("văn bản đã tạo")
        verbose_name_plural = _("văn bản đã tạo")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="generateddocument_progress_0_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_format_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class PlanApprovalQuerySet(models.QuerySet["PlanApproval"]):
    def approved(self) -> PlanApprovalQuerySet:
        return self.filter(status=PlanApproval.Status.APPROVED)

    def open(self) -> PlanApprovalQuerySet:
        return self.filter(status=PlanApproval.Status.SUBMITTED)


class PlanApproval(models.Model):
    """The annual plan of a year put to the DIT leader, and the leader's decision.

    The DIT submits the latest finished aggregation (``run``); the leader approves it with a
    decision number and date, or returns it with a reason. Approval freezes the plan: the run's
    lines are never rewritten, and the annex of approved proposals is copied into ``annex``, so
    the approved plan's documents stay as signed whatever happens to the dossiers later.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Chờ lãnh đạo phê duyệt")
        APPROVED = "approved", _("Đã phê duyệt")
        RETURNED = "returned", _("Trả lại để hoàn thiện")

    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    run = models.ForeignKey(
        PlanRun, verbose_name=_("số liệu tổng hợp"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trình"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("trình lúc"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    reason = models.TextField(_("lý do trả lại"), blank=True)
    annex = models.JSONField(_("danh mục đề án kèm theo"), default=list, blank=True)

    objects = PlanApprovalQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("phê duyệt kế hoạch năm")
        verbose_name_plural = _("phê duyệt kế hoạch năm")
        constraints = [
            # At most one plan of a year waits for, or has, the leader's approval.
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(status__in=["submitted", "approved"]),
                name="planapproval_one_live_per_year",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved")
                | (Q(decision_date__isnull=False) & ~Q(decision_number="")),
                name="planapproval_approved_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.get_status_display()}"
