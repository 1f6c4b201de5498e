from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityGroup(models.Model):
    """One of the nine groups of khuyến công activities (Decree 45/2012/NĐ-CP, Article 4)."""

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
