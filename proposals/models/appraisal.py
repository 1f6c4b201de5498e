"""The appraisal council: criteria (data), the council of one proposal, its score sheets."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Criterion(models.Model):
    """One scoring criterion (DESIGN §5 defaults, editable by an admin)."""

    name = models.CharField(_("tiêu chí"), max_length=300)
    max_score = models.PositiveSmallIntegerField(_("điểm tối đa"))
    weight = models.DecimalField(_("trọng số"), max_digits=5, decimal_places=2, default=1)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = _("tiêu chí chấm điểm")
        constraints = [
            models.CheckConstraint(condition=Q(max_score__gt=0), name="criterion_max_positive"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.max_score})"


class AppraisalSettings(models.Model):
    """Single row: the pass mark of the council (of 100)."""

    pass_mark = models.DecimalField(
        _("điểm đạt (trên 100)"), max_digits=5, decimal_places=2, default=70
    )

    class Meta:
        verbose_name = _("cấu hình thẩm định")
        verbose_name_plural = _("cấu hình thẩm định")

    def __str__(self) -> str:
        return str(_("Điểm đạt: %(mark)s") % {"mark": self.pass_mark})

    @classmethod
    def current(cls) -> AppraisalSettings:
        return cls.objects.order_by("pk").first() or cls(pass_mark=Decimal(70))


class AppraisalQuerySet(models.QuerySet["Appraisal"]):
    def open(self) -> AppraisalQuerySet:
        return self.filter(concluded_at__isnull=True, closed_at__isnull=True)


class Appraisal(models.Model):
    """The council of one proposal for one round of appraisal."""

    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="appraisals"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên hội đồng"), related_name="appraisals"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("bắt đầu lúc"), default=timezone.now)
    concluded_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    # Set when the DIT sends the proposal back for more information mid-appraisal.
    closed_at = models.DateTimeField(_("dừng lúc"), null=True, blank=True)
    recommended_amount = models.BigIntegerField(
        _("kinh phí hội đồng đề nghị"), null=True, blank=True
    )
    mean_score = models.DecimalField(
        _("điểm trung bình"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    pass_mark = models.DecimalField(
        _("điểm đạt"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    objects = AppraisalQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("thẩm định")
        verbose_name_plural = _("thẩm định")

    def __str__(self) -> str:
        return str(_("Thẩm định %(proposal)s") % {"proposal": self.proposal})

    @property
    def is_open(self) -> bool:
        return self.concluded_at is None and self.closed_at is None

    @property
    def passed(self) -> bool | None:
        if self.mean_score is None or self.pass_mark is None:
            return None
        return self.mean_score >= self.pass_mark


class ScoreSheet(models.Model):
    """One member's sheet; empty until the member submits it."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="sheets")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="score_sheets"
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    comment = models.TextField(_("nhận xét"), blank=True)
    total = models.DecimalField(
        _("tổng điểm (trên 100)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["appraisal", "id"]
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "member"], name="one_sheet_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.appraisal} · {self.member}"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("điểm"))

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        verbose_name = _("điểm")
        verbose_name_plural = _("điểm")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.value}"


def weighted_total(values: list[tuple[int, int, Decimal]]) -> Decimal:
    """Sheet total on 100 from ``(value, max_score, weight)`` triples.

    ``100 × Σ(value × weight) / Σ(max × weight)``: with the default weights of 1 and maxima
    adding up to 100 this is the plain sum of the scores.
    """
    top = sum(Decimal(v) * Decimal(w) for v, _m, w in values)
    bottom = sum(Decimal(m) * Decimal(w) for _v, m, w in values)
    if not bottom:
        return Decimal(0)
    return (Decimal(100) * top / bottom).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
