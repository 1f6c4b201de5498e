from __future__ import annotations

from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from khuyencong.catalogue.models import FundSource


class Confirmation(models.TextChoices):
    """Whether the Finance Department has confirmed a figure the DIT recorded."""

    PROPOSED = "proposed", _("Chờ Sở Tài chính xác nhận")
    CONFIRMED = "confirmed", _("Sở Tài chính đã xác nhận")
    REFUSED = "refused", _("Sở Tài chính từ chối")


# Allocations and disbursements that count against a limit: the DIT recorded them and Finance
# has not refused them (yet).
COUNTING = (Confirmation.PROPOSED, Confirmation.CONFIRMED)


def _sum_subquery(queryset: models.QuerySet, group: str, expression: object) -> Coalesce:
    """``SUM(expression)`` of ``queryset`` grouped by ``group``, as a correlated subquery."""
    total = queryset.values(group).annotate(total=Sum(expression)).values("total")
    return Coalesce(
        Subquery(total, output_field=models.BigIntegerField()),
        Value(0),
        output_field=models.BigIntegerField(),
    )


class AppropriationQuerySet(models.QuerySet["Appropriation"]):
    def with_figures(self) -> AppropriationQuerySet:
        """Annotate ``adjusted`` (the adjustments' sum), ``committed`` (allocations proposed or
        confirmed, minus what was released) and ``confirmed_allocated``, in VND; ``effective``
        and ``remaining`` are properties computed from them. Each sum is one index-only scan
        of ``allocation_by_appropriation`` per appropriation; inlining ``remaining`` as an
        expression made PostgreSQL run the ``committed`` subquery twice per row."""
        return self.annotate(
            adjusted=_sum_subquery(
                AppropriationAdjustment.objects.filter(appropriation=OuterRef("pk")),
                "appropriation",
                "delta",
            ),
            committed=_sum_subquery(
                Allocation.objects.filter(appropriation=OuterRef("pk"), status__in=COUNTING),
                "appropriation",
                F("amount") - F("released"),
            ),
            confirmed_allocated=_sum_subquery(
                Allocation.objects.filter(
                    appropriation=OuterRef("pk"), status=Confirmation.CONFIRMED
                ),
                "appropriation",
                F("amount") - F("released"),
            ),
        )


class Appropriation(models.Model):
    """Money the province granted for a plan year from one fund source (dự toán được giao).

    Never edited in place: changes are ``AppropriationAdjustment`` rows.
    """

    plan_year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    fund_source = models.ForeignKey(
        FundSource, verbose_name=_("nguồn kinh phí"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.BigIntegerField(_("số tiền được giao (đồng)"))
    decision_number = models.CharField(_("số quyết định giao dự toán"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"))
    created_by = models.ForeignKey("khuyencong.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    objects = AppropriationQuerySet.as_manager()

    class Meta:
        ordering = ["-plan_year", "fund_source"]
        verbose_name = _("dự toán được giao")
        verbose_name_plural = _("dự toán được giao")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="appropriation_amount_positive"),
            models.UniqueConstraint(
                fields=["plan_year", "fund_source", "decision_number"],
                name="appropriation_unique_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_year} · {self.fund_source} · {self.decision_number}"

    @property
    def effective(self) -> int:
        """The amount granted plus its adjustments (VND); needs ``with_figures()``."""
        return self.amount + self.adjusted

    @property
    def remaining(self) -> int:
        """What is left to allocate (VND): ``effective`` minus ``committed``; needs
        ``with_figures()``."""
        return self.effective - self.committed


class AppropriationAdjustment(models.Model):
    appropriation = models.ForeignKey(
        Appropriation, on_delete=models.PROTECT, related_name="adjustments"
    )
    delta = models.BigIntegerField(_("điều chỉnh (đồng, âm là giảm)"))
    reason = models.TextField(_("lý do"))
    decision_number = models.CharField(_("số quyết định điều chỉnh"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"))
    created_by = models.ForeignKey("khuyencong.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("điều chỉnh dự toán")
        verbose_name_plural = _("điều chỉnh dự toán")
        constraints = [
            models.CheckConstraint(condition=~Q(delta=0), name="adjustment_delta_not_zero")
        ]

    def __str__(self) -> str:
        return f"{self.appropriation} {self.delta:+d}"


class AllocationQuerySet(models.QuerySet["Allocation"]):
    def counting(self) -> AllocationQuerySet:
        return self.filter(status__in=COUNTING)

    def confirmed(self) -> AllocationQuerySet:
        return self.filter(status=Confirmation.CONFIRMED)

    def pending(self) -> AllocationQuerySet:
        return self.filter(status=Confirmation.PROPOSED)

    def net_total(self) -> int:
        """``SUM(amount - released)`` in the database."""
        return self.aggregate(
            t=Coalesce(
                Sum(F("amount") - F("released")), Value(0), output_field=models.BigIntegerField()
            )
        )["t"]

    def paid(self) -> int:
        """What Finance confirmed as paid on these allocations: advances and payments minus
        recoveries, in VND. Read through ``proposal.allocations.paid()`` by the proposal pages,
        which do not import this app."""
        return Disbursement.objects.filter(allocation__in=self).confirmed().total()


class Allocation(models.Model):
    """A part of an appropriation set aside for one approved proposal (phân bổ).

    ``released`` is what went back to the appropriation (cancellation, lowered support,
    settlement below the allocation); the allocation then counts for ``amount - released``.
    """

    appropriation = models.ForeignKey(
        Appropriation, on_delete=models.PROTECT, related_name="allocations"
    )
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.PROTECT, related_name="allocations"
    )
    amount = models.BigIntegerField(_("số tiền phân bổ (đồng)"))
    released = models.BigIntegerField(_("đã hoàn trả dự toán (đồng)"), default=0)
    status = models.CharField(
        _("xác nhận"), max_length=20, choices=Confirmation.choices, default=Confirmation.PROPOSED
    )
    proposed_by = models.ForeignKey("khuyencong.User", on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("đề xuất lúc"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        "khuyencong.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    refusal_reason = models.TextField(_("lý do từ chối"), blank=True)

    objects = AllocationQuerySet.as_manager()

    class Meta:
        ordering = ["proposed_at", "id"]
        verbose_name = _("phân bổ kinh phí")
        verbose_name_plural = _("phân bổ kinh phí")
        indexes = [
            # Sums per appropriation (its list, the allocation board, the year's figures) and
            # the proposals funded in a year, read from the index alone (issue 14).
            models.Index(
                fields=["appropriation", "status"],
                include=["proposal", "amount", "released"],
                name="allocation_by_appropriation",
            ),
            # The few rows still waiting for Finance: the reconciliation's mismatches.
            models.Index(
                fields=["proposal"],
                condition=Q(status="proposed"),
                name="allocation_waiting",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_positive"),
            models.CheckConstraint(
                condition=Q(released__gte=0) & Q(released__lte=models.F("amount")),
                name="allocation_released_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} ← {self.amount}"


class DisbursementQuerySet(models.QuerySet["Disbursement"]):
    def counting(self) -> DisbursementQuerySet:
        return self.filter(status__in=COUNTING)

    def confirmed(self) -> DisbursementQuerySet:
        return self.filter(status=Confirmation.CONFIRMED)

    def pending(self) -> DisbursementQuerySet:
        return self.filter(status=Confirmation.PROPOSED)

    def total(self) -> int:
        """What went out: advances and payments minus recoveries, in VND."""
        return self.aggregate(
            t=Coalesce(Sum(signed_amount()), Value(0), output_field=models.BigIntegerField())
        )["t"]

    def outgoing(self) -> DisbursementQuerySet:
        return self.exclude(kind=Disbursement.Kind.RECOVERY)

    def recoveries(self) -> DisbursementQuerySet:
        return self.filter(kind=Disbursement.Kind.RECOVERY)


def signed_amount() -> Case:
    """A disbursement's amount as money out: a recovery (thu hồi tạm ứng) counts negative.

    Every sum of "disbursed" money goes through this expression, so a confirmed recovery
    lowers what was paid everywhere (settlement, reconciliation, plan figures)."""
    return Case(
        When(kind=Disbursement.Kind.RECOVERY, then=-F("amount")),
        default=F("amount"),
        output_field=models.BigIntegerField(),
    )


class Disbursement(models.Model):
    """An advance or a payment against a confirmed allocation (tạm ứng / thanh toán), or the
    recovery of money paid beyond what is due (thu hồi tạm ứng): ``amount`` is always positive,
    a recovery counts negative in every sum (``signed_amount``)."""

    class Kind(models.TextChoices):
        ADVANCE = "advance", _("Tạm ứng")
        PAYMENT = "payment", _("Thanh toán")
        RECOVERY = "recovery", _("Thu hồi tạm ứng")

    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="disbursements"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    voucher_number = models.CharField(_("số chứng từ"), max_length=50)
    voucher_date = models.DateField(_("ngày chứng từ"))
    status = models.CharField(
        _("xác nhận"), max_length=20, choices=Confirmation.choices, default=Confirmation.PROPOSED
    )
    recorded_by = models.ForeignKey("khuyencong.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        "khuyencong.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    refusal_reason = models.TextField(_("lý do từ chối"), blank=True)

    objects = DisbursementQuerySet.as_manager()

    class Meta:
        ordering = ["voucher_date", "id"]
        verbose_name = _("giải ngân")
        verbose_name_plural = _("giải ngân")
        indexes = [
            # The few rows still waiting for Finance: the reconciliation's mismatches.
            models.Index(
                fields=["allocation"],
                condition=Q(status="proposed"),
                name="disbursement_waiting",
            ),
            # A year's payments summed per allocation from the index alone (the budget home
            # and the reconciliation: 76 -> 45 ms at 300,000 proposals).
            models.Index(
                fields=["allocation"],
                include=["status", "kind", "amount"],
                name="disbursement_by_allocation",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.voucher_number}"


class Settlement(models.Model):
    """The final settlement of a proposal's money (quyết toán), confirmed by Finance."""

    proposal = models.OneToOneField(
        "proposals.Proposal", on_delete=models.PROTECT, related_name="settlement"
    )
    amount = models.BigIntegerField(_("số tiền quyết toán (đồng)"))
    returned = models.BigIntegerField(_("hoàn trả dự toán (đồng)"), default=0)
    settled_by = models.ForeignKey("khuyencong.User", on_delete=models.PROTECT, related_name="+")
    settled_at = models.DateTimeField(_("quyết toán lúc"), auto_now_add=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quyết toán")
        verbose_name_plural = _("quyết toán")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="settlement_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.amount}"


class StatementImport(models.Model):
    """A statement of payments uploaded by the Finance Department, matched line by line."""

    plan_year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    file_name = models.CharField(_("tên tệp"), max_length=255)
    uploaded_by = models.ForeignKey("khuyencong.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    line_count = models.PositiveIntegerField(_("số dòng"), default=0)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("bảng kê của Sở Tài chính")
        verbose_name_plural = _("bảng kê của Sở Tài chính")

    def __str__(self) -> str:
        return f"{self.plan_year} · {self.file_name}"


class StatementLine(models.Model):
    """One outcome of a statement import: a statement line, or a recorded payment it lacks."""

    class Outcome(models.TextChoices):
        MATCHED = "matched", _("Khớp")
        AMOUNT_DIFFERS = "amount_differs", _("Lệch số tiền")
        UNKNOWN_DOSSIER = "unknown_dossier", _("Không có mã hồ sơ")
        NOT_RECORDED = "not_recorded", _("Sở Công Thương chưa ghi nhận chứng từ")
        MISSING = "missing", _("Đã ghi nhận nhưng không có trong bảng kê")

    statement = models.ForeignKey(StatementImport, on_delete=models.CASCADE, related_name="lines")
    # The line of the uploaded file (the header is line 1); null for a recorded payment the
    # statement does not contain.
    line_number = models.PositiveIntegerField(_("dòng"), null=True, blank=True)
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=50)
    voucher_number = models.CharField(_("số chứng từ"), max_length=50)
    voucher_date = models.DateField(_("ngày chứng từ"), null=True, blank=True)
    amount = models.BigIntegerField(_("số tiền trên bảng kê (đồng)"), null=True, blank=True)
    recorded_amount = models.BigIntegerField(_("số tiền đã ghi nhận (đồng)"), null=True, blank=True)
    disbursement = models.ForeignKey(
        Disbursement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("kết quả"), max_length=20, choices=Outcome.choices)

    class Meta:
        ordering = ["statement", models.F("line_number").asc(nulls_last=True), "id"]
        verbose_name = _("dòng đối chiếu bảng kê")
        verbose_name_plural = _("dòng đối chiếu bảng kê")

    def __str__(self) -> str:
        return f"{self.dossier_code} {self.voucher_number} {self.outcome}"
