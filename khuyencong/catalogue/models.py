"""The programme catalogue: what khuyến công may fund, from which fund, up to what cap."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khuyencong.catalogue.rules import CapResult, compute_cap


class ActivityGroup(models.Model):
    """One of the nine groups of khuyến công activities (Decree 45/2012/NĐ-CP, Article 4, as
    amended by Decree 235/2025/NĐ-CP)."""

    number = models.PositiveSmallIntegerField(_("nhóm"), unique=True)
    name = models.CharField(_("tên nhóm"), max_length=300)

    class Meta:
        ordering = ["number"]
        verbose_name = _("nhóm nội dung khuyến công")
        verbose_name_plural = _("nhóm nội dung khuyến công")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ActivityType(models.Model):
    """A kind of activity a proposal can fund (nội dung hoạt động khuyến công)."""

    group = models.ForeignKey(
        ActivityGroup, verbose_name=_("nhóm"), on_delete=models.PROTECT, related_name="types"
    )
    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    required_quotations = models.PositiveSmallIntegerField(
        _("số báo giá bắt buộc"),
        default=0,
        help_text=_("Số báo giá tối thiểu cơ sở phải đính kèm khi nộp đề án."),
    )
    is_active = models.BooleanField(_("đang sử dụng"), default=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["group__number", "position", "name"]
        verbose_name = _("nội dung hoạt động khuyến công")
        verbose_name_plural = _("nội dung hoạt động khuyến công")

    def __str__(self) -> str:
        return self.name


class FundSource(models.Model):
    """Where the money comes from: national or local (provincial) khuyến công funds."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên nguồn kinh phí"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("nguồn kinh phí")
        verbose_name_plural = _("nguồn kinh phí")

    def __str__(self) -> str:
        return self.name


class SupportRuleQuerySet(models.QuerySet["SupportRule"]):
    def effective_on(self, day: dt.date) -> SupportRuleQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def applicable(
        self, *, activity_type_id: int, fund_source_id: int, day: dt.date
    ) -> SupportRule | None:
        """The rule in force on ``day``; the most recently started one wins an overlap."""
        return (
            self.filter(activity_type_id=activity_type_id, fund_source_id=fund_source_id)
            .effective_on(day)
            .order_by(models.F("valid_from").desc(nulls_last=True), "-pk")
            .first()
        )


class LegalBasisQuerySet(models.QuerySet["LegalBasis"]):
    def cited_in(self, place: str) -> LegalBasisQuerySet:
        """The bases a document kind ("decision") or a workflow action ("approve") cites, in
        the order of their dates (the amended text before its amendment)."""
        return self.filter(is_active=True, cited_in__icontains=f"|{place}|").order_by(
            "position", "date"
        )


class LegalBasis(models.Model):
    """A legal document the programme rests on: data, because the law moves (Decree 45/2012
    was amended by Decree 235/2025/NĐ-CP of 27/8/2025). ``verified`` is set only when the
    number, date and title were checked against the published text; the interface says so
    wherever an unverified basis is cited."""

    number = models.CharField(_("số, ký hiệu"), max_length=60, unique=True)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    kind = models.CharField(_("loại văn bản"), max_length=40)
    title = models.CharField(_("trích yếu"), max_length=500)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    verified = models.BooleanField(
        _("đã xác minh"),
        default=False,
        help_text=_("Chưa xác minh: số, ngày hoặc trích yếu chưa đối chiếu với văn bản gốc."),
    )
    source = models.CharField(_("nguồn đối chiếu"), max_length=300, blank=True)
    cited_in = models.CharField(
        _("được trích dẫn tại"),
        max_length=300,
        blank=True,
        help_text=_(
            "Các loại văn bản và bước quy trình trích dẫn, dạng |decision|annual-plan|approve|."
        ),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    objects = LegalBasisQuerySet.as_manager()

    class Meta:
        ordering = ["position", "date"]
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")

    def __str__(self) -> str:
        return self.number

    @property
    def citation(self) -> str:
        """How a document cites it: "Nghị định số 235/2025/NĐ-CP ngày 27 tháng 8 năm 2025 của
        Chính phủ sửa đổi, ...", with "(chưa xác minh)" when it is not verified."""
        when = (
            f" ngày {self.date.day:02d} tháng {self.date.month} năm {self.date.year}"
            if self.date
            else ""
        )
        title = self.title[:1].lower() + self.title[1:]
        text = f"{self.kind} số {self.number}{when} của {self.issuer} {title}"
        if not self.verified:
            text += " (chưa xác minh)"
        return text


class SupportRule(models.Model):
    """The support cap of one activity type from one fund source: regulation as data.

    Support may not exceed ``min(percent × eligible cost, amount cap)``; the cap is multiplied
    for a complete production line where the rule says so.
    """

    class CapBasis(models.TextChoices):
        MODEL = "model", _("mỗi mô hình")
        FACILITY = "facility", _("mỗi cơ sở")
        CLASS = "class", _("mỗi lớp")
        PROPOSAL = "proposal", _("mỗi đề án")

    activity_type = models.ForeignKey(
        ActivityType,
        verbose_name=_("nội dung hoạt động"),
        on_delete=models.PROTECT,
        related_name="support_rules",
    )
    fund_source = models.ForeignKey(
        FundSource, verbose_name=_("nguồn kinh phí"), on_delete=models.PROTECT, related_name="+"
    )
    percent = models.DecimalField(_("tỷ lệ hỗ trợ tối đa (%)"), max_digits=5, decimal_places=2)
    amount_cap = models.BigIntegerField(
        _("mức hỗ trợ tối đa (đồng)"),
        null=True,
        blank=True,
        help_text=_("Để trống: không giới hạn."),
    )
    cap_basis = models.CharField(
        _("mức tối đa tính cho"), max_length=20, choices=CapBasis.choices, default=CapBasis.PROPOSAL
    )
    production_line_multiplier = models.DecimalField(
        _("hệ số dây chuyền hoàn chỉnh"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Ví dụ 1,5: mức tối đa nhân 1,5 lần khi hỗ trợ dây chuyền sản xuất hoàn chỉnh."
        ),
    )
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=500)
    legal_bases = models.ManyToManyField(
        LegalBasis, verbose_name=_("văn bản căn cứ"), blank=True, related_name="support_rules"
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    verified = models.BooleanField(
        _("đã xác minh"),
        default=False,
        help_text=_("Chưa xác minh: giao diện cảnh báo ở mọi nơi áp dụng mức này."),
    )

    objects = SupportRuleQuerySet.as_manager()

    class Meta:
        ordering = ["activity_type", "fund_source", "-valid_from"]
        verbose_name = _("mức hỗ trợ")
        verbose_name_plural = _("mức hỗ trợ")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="supportrule_percent_0_100"
            ),
            models.CheckConstraint(
                condition=Q(amount_cap__isnull=True) | Q(amount_cap__gte=0),
                name="supportrule_cap_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_type} · {self.fund_source}"

    def cap(self, eligible_cost: int, *, production_line: bool = False) -> CapResult:
        return compute_cap(
            eligible_cost=eligible_cost,
            percent=self.percent,
            amount_cap=self.amount_cap,
            multiplier=self.production_line_multiplier if production_line else None,
        )


class CostCategory(models.Model):
    """A kind of cost line of one activity type, and whether its rule supports it.

    Lines of a category the rule does not support go to counterpart funds (vốn đối ứng) and
    are left out of the eligible cost the cap is computed on (DESIGN §6).
    """

    activity_type = models.ForeignKey(
        ActivityType,
        verbose_name=_("nội dung hoạt động"),
        on_delete=models.CASCADE,
        related_name="cost_categories",
    )
    code = models.CharField(_("mã"), max_length=40)
    name = models.CharField(_("tên khoản chi"), max_length=300)
    eligible = models.BooleanField(
        _("được hỗ trợ"),
        default=True,
        help_text=_("Không được hỗ trợ: dòng dự toán thuộc khoản này do cơ sở đối ứng."),
    )
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=500, blank=True)
    verified = models.BooleanField(_("đã xác minh"), default=False)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["activity_type", "position", "id"]
        verbose_name = _("khoản chi")
        verbose_name_plural = _("khoản chi theo nội dung hoạt động")
        constraints = [
            models.UniqueConstraint(
                fields=["activity_type", "code"], name="costcategory_code_unique_per_activity"
            )
        ]

    def __str__(self) -> str:
        suffix = "" if self.eligible else " " + str(_("(vốn đối ứng)"))
        return f"{self.name}{suffix}"
