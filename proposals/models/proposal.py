from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from khuyencong.models import User


class State(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp, chờ UBND địa phương xem xét")
    RETURNED = "returned", _("Trả lại để bổ sung")
    FORWARDED = "forwarded", _("Đã chuyển Sở Công Thương")
    UNDER_APPRAISAL = "under_appraisal", _("Đang thẩm định")
    APPRAISED = "appraised", _("Đã thẩm định, chờ phê duyệt")
    APPROVED = "approved", _("Đã phê duyệt")
    REJECTED = "rejected", _("Không được chấp thuận")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    ACCEPTED = "accepted", _("Đã nghiệm thu")
    SETTLED = "settled", _("Đã quyết toán")
    WITHDRAWN = "withdrawn", _("Cơ sở đã rút")
    CANCELLED = "cancelled", _("Đã hủy")


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def visible_to(self, user: User) -> ProposalQuerySet:
        """The proposals ``user`` may know exist. Every view goes through this."""
        from khuyencong.models import Role

        if not user.is_authenticated:
            return self.none()
        if user.role == Role.FACILITY:
            if not user.facility_id:
                return self.none()
            # A deleted draft was never submitted: only its facility ever saw it, and no more.
            return self.filter(facility_id=user.facility_id, deleted_at__isnull=True)
        if user.role == Role.DISTRICT:
            if not user.locality_id:
                return self.none()
            # The locality recorded at submission, not the facility's current one: a facility
            # that moved to a commune leaves its history with the district that reviewed it.
            return self.filter(locality_id=user.locality_id).exclude(state=State.DRAFT)
        if user.role in (Role.DIT, Role.LEADER, Role.FINANCE, Role.ADMIN):
            return self.exclude(state=State.DRAFT)
        if user.role == Role.COUNCIL:
            from proposals.models.appraisal import Appraisal

            # A subquery, not a join: no duplicate rows and no DISTINCT.
            assigned = Appraisal.objects.filter(members=user).values("proposal_id")
            return self.filter(pk__in=assigned).exclude(state=State.DRAFT)
        return self.none()

    def in_state(self, *states: str) -> ProposalQuerySet:
        return self.filter(state__in=states)


# The fields of the đề án a facility writes, in the order of the form and of a revision's diff.
CONTENT_FIELDS = [
    "title",
    "activity_type",
    "fund_source",
    "plan_year",
    "implementing_unit",
    "location",
    "start_date",
    "end_date",
    "necessity",
    "objectives",
    "content_scale",
    "implementation_plan",
    "expected_results",
    "jobs_created",
    "capacity_increase",
    "revenue_increase",
    "commitments",
    "is_production_line",
]


class Proposal(models.Model):
    """A khuyến công proposal (đề án) of one facility, from draft to settlement."""

    code = models.CharField(_("mã hồ sơ"), max_length=20, unique=True, null=True, blank=True)
    facility = models.ForeignKey(
        "proposals.Facility",
        verbose_name=_("cơ sở thụ hưởng"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    # Recorded at the first submission, never changed after: the intermediate reviewer's scope,
    # the reports and the "Địa bàn" grouping follow it (DESIGN §4).
    locality = models.ForeignKey(
        "khuyencong.Locality",
        verbose_name=_("địa bàn khi nộp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    review_level = models.CharField(
        _("cấp xem xét khi nộp"),
        max_length=10,
        blank=True,
        db_default="",
        choices=[
            ("commune", _("Cấp xã")),
            ("district", _("Cấp huyện")),
            ("none", _("Không qua cấp trung gian")),
        ],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)

    state = models.CharField(
        _("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT
    )
    state_changed_at = models.DateTimeField(_("chuyển trạng thái lúc"), default=timezone.now)
    submitted_at = models.DateTimeField(_("nộp lần đầu lúc"), null=True, blank=True)

    # --- The đề án itself ---
    title = models.CharField(_("tên đề án"), max_length=500, blank=True)
    activity_type = models.ForeignKey(
        "catalogue.ActivityType",
        verbose_name=_("nội dung hoạt động"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    fund_source = models.ForeignKey(
        "catalogue.FundSource",
        verbose_name=_("nguồn kinh phí"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    plan_year = models.PositiveSmallIntegerField(_("năm kế hoạch"), null=True, blank=True)
    implementing_unit = models.CharField(_("đơn vị thực hiện"), max_length=300, blank=True)
    location = models.CharField(_("địa điểm thực hiện"), max_length=300, blank=True)
    start_date = models.DateField(_("thời gian bắt đầu"), null=True, blank=True)
    end_date = models.DateField(_("thời gian kết thúc"), null=True, blank=True)
    necessity = models.TextField(_("sự cần thiết"), blank=True)
    objectives = models.TextField(_("mục tiêu"), blank=True)
    content_scale = models.TextField(_("nội dung và quy mô"), blank=True)
    implementation_plan = models.TextField(_("phương án và tiến độ thực hiện"), blank=True)
    expected_results = models.TextField(_("kết quả dự kiến"), blank=True)
    jobs_created = models.PositiveIntegerField(
        _("số lao động có việc làm mới"), null=True, blank=True
    )
    capacity_increase = models.CharField(_("công suất tăng thêm"), max_length=200, blank=True)
    revenue_increase = models.BigIntegerField(
        _("doanh thu tăng thêm (đồng/năm)"), null=True, blank=True
    )
    commitments = models.TextField(_("cam kết của cơ sở"), blank=True)
    is_production_line = models.BooleanField(_("dây chuyền sản xuất hoàn chỉnh"), default=False)

    # --- Totals of the cost estimate, kept by the service that edits the lines ---
    total_cost = models.BigIntegerField(_("tổng kinh phí"), default=0)
    requested_support = models.BigIntegerField(_("kinh phí khuyến công đề nghị"), default=0)
    counterpart = models.BigIntegerField(_("vốn đối ứng"), default=0)

    # --- A never-submitted draft its facility deleted: kept (soft) for the audit trail ---
    deleted_at = models.DateTimeField(_("xóa lúc"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xóa"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # --- Review and decision ---
    last_reason = models.TextField(_("lý do gần nhất"), blank=True)
    district_opinion = models.TextField(_("ý kiến của UBND địa phương"), blank=True)
    district_priority = models.PositiveSmallIntegerField(
        _("thứ tự ưu tiên trong địa bàn"), null=True, blank=True
    )
    recommended_amount = models.BigIntegerField(
        _("kinh phí hội đồng đề nghị"), null=True, blank=True
    )
    approved_amount = models.BigIntegerField(_("kinh phí được phê duyệt"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    contract_number = models.CharField(_("số hợp đồng"), max_length=50, blank=True)
    contract_date = models.DateField(_("ngày hợp đồng"), null=True, blank=True)
    # Set by the acceptance (nghiệm thu); settlement may not exceed ``accepted_support``.
    accepted_cost = models.BigIntegerField(_("kinh phí được nghiệm thu"), null=True, blank=True)
    accepted_support = models.BigIntegerField(
        _("kinh phí khuyến công được nghiệm thu"), null=True, blank=True
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("đề án khuyến công")
        verbose_name_plural = _("đề án khuyến công")
        indexes = [
            models.Index(fields=["state", "state_changed_at"]),
            models.Index(fields=["plan_year", "state"]),
            models.Index(fields=["facility", "state"]),
            # The DIT list and the admin changelist: newest state change first, 50 a page.
            models.Index(fields=["-state_changed_at", "-id"], name="proposal_changed_desc"),
            # The district/commune dashboard and inbox: its unit's proposals per state, the
            # oldest state change first (issue 14).
            models.Index(
                fields=["locality", "state", "state_changed_at"], name="proposal_locality_state"
            ),
            # A year's proposals by dossier code: reconciliation and the year's lists page in
            # code order without walking earlier years' codes.
            models.Index(fields=["plan_year", "code"], name="proposal_year_code"),
            # The monitoring list: running proposals by end date, read in order, 50 a page.
            models.Index(
                fields=["end_date", "id"],
                condition=Q(state="in_progress"),
                name="proposal_running_by_end",
            ),
            # The documents page's proposal picker: the newest dossiers first.
            models.Index(fields=["-created_at"], name="proposal_created_desc"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_support__gte=0) & Q(total_cost__gte=0),
                name="proposal_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code or _('(chưa có mã)')} · {self.title or _('(chưa đặt tên)')}"

    def get_state_display(self) -> str:
        """The state's label, as Django's generated method gives it, from the ``State`` enum:
        Django's rebuilds a dictionary of every choice on each call (0.5 ms; a list page shows
        fifty badges)."""
        try:
            return str(State(self.state).label)
        except ValueError:
            return str(self.state)


class CostLine(models.Model):
    """One line of the cost estimate (dự toán kinh phí)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    content = models.CharField(_("nội dung chi"), max_length=500)
    unit = models.CharField(_("đơn vị tính"), max_length=50)
    quantity = models.DecimalField(_("số lượng"), max_digits=12, decimal_places=2)
    unit_price = models.BigIntegerField(_("đơn giá (đồng)"))
    amount = models.BigIntegerField(_("thành tiền (đồng)"))
    requested_support = models.BigIntegerField(_("kinh phí khuyến công đề nghị (đồng)"), default=0)
    counterpart = models.BigIntegerField(_("vốn đối ứng (đồng)"), default=0)
    # The kind of cost under the activity's rule; a category the rule does not support sends
    # the line to counterpart funds. Empty on lines written before categories existed (those
    # count as eligible, as they did).
    category = models.ForeignKey(
        "catalogue.CostCategory",
        verbose_name=_("khoản chi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("dòng dự toán")
        verbose_name_plural = _("dự toán kinh phí")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0)
                & Q(unit_price__gte=0)
                & Q(requested_support__gte=0)
                & Q(counterpart__gte=0),
                name="costline_amounts_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.content

    @staticmethod
    def compute_amount(quantity: Decimal, unit_price: int) -> int:
        """Quantity × unit price, rounded half up to the dong."""
        value = Decimal(quantity) * Decimal(int(unit_price))
        return int(value.to_integral_value(rounding=ROUND_HALF_UP))


class Revision(models.Model):
    """A frozen copy of a proposal at a step (submission, resubmission, approved change)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("lần"))
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("lý do"), max_length=50)
    data = models.JSONField(_("nội dung"))

    class Meta:
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="revision_unique_number")
        ]
        verbose_name = _("phiên bản đề án")
        verbose_name_plural = _("phiên bản đề án")

    def __str__(self) -> str:
        return f"{self.proposal} · {self.number}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never comes from the user: the original name is kept in a field.
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"proposals/{instance.proposal_id}/{uuid.uuid4().hex}.{ext}"


class AttachmentQuerySet(models.QuerySet["Attachment"]):
    def current(self) -> AttachmentQuerySet:
        """The files that are part of the dossier now: neither replaced nor removed."""
        return self.filter(replaced_by__isnull=True, removed_at__isnull=True)

    def superseded(self) -> AttachmentQuerySet:
        """Replaced or removed files, kept as the dossier's history."""
        return self.exclude(replaced_by__isnull=True, removed_at__isnull=True)


class Attachment(models.Model):
    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Giấy chứng nhận đăng ký kinh doanh")
        QUOTATION = "quotation", _("Báo giá")
        CATALOGUE = "catalogue", _("Catalogue kỹ thuật")
        SITE_PHOTO = "site_photo", _("Ảnh hiện trạng")
        OTHER = "other", _("Tài liệu khác")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)
    # A replaced file is kept and tied to the revision it belonged to.
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    # A removed file is kept too (never lose a dossier); who took it out and when.
    removed_at = models.DateTimeField(_("gỡ lúc"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người gỡ"),
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "uploaded_at", "id"]
        verbose_name = _("tài liệu đính kèm")
        verbose_name_plural = _("tài liệu đính kèm")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_current(self) -> bool:
        """The Python twin of ``Attachment.objects.current()``, for lists already loaded."""
        return self.replaced_by_id is None and self.removed_at is None
