from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from khuyencong.models import User


class LegalForm(models.TextChoices):
    SME = "sme", _("Doanh nghiệp nhỏ và vừa")
    COOPERATIVE = "coop", _("Hợp tác xã")
    COOPERATIVE_GROUP = "coop_group", _("Tổ hợp tác")
    HOUSEHOLD = "household", _("Hộ kinh doanh")


class FacilityQuerySet(models.QuerySet["Facility"]):
    def visible_to(self, user: User) -> FacilityQuerySet:
        from khuyencong.models import Role

        if not user.is_authenticated:
            return self.none()
        if user.role == Role.FACILITY:
            return self.filter(pk=user.facility_id) if user.facility_id else self.none()
        if user.role == Role.DISTRICT:
            return self.filter(locality_id=user.locality_id) if user.locality_id else self.none()
        if user.role in (Role.DIT, Role.LEADER, Role.FINANCE, Role.ADMIN):
            return self.all()
        return self.none()

    def pending(self) -> FacilityQuerySet:
        return self.filter(status=Facility.Status.PENDING)

    def active(self) -> FacilityQuerySet:
        return self.filter(status=Facility.Status.ACTIVE)


class Facility(models.Model):
    """A rural industrial facility (cơ sở công nghiệp nông thôn) that proposes projects."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ kích hoạt")
        ACTIVE = "active", _("Đã kích hoạt")
        REFUSED = "refused", _("Bị từ chối")

    tax_code = models.CharField(
        _("mã số thuế"),
        max_length=13,
        unique=True,
        help_text=_("10 chữ số, hoặc 13 chữ số đối với chi nhánh."),
    )
    name = models.CharField(_("tên cơ sở"), max_length=255)
    legal_form = models.CharField(_("loại hình"), max_length=20, choices=LegalForm.choices)
    locality = models.ForeignKey(
        "khuyencong.Locality",
        verbose_name=_("địa bàn"),
        on_delete=models.PROTECT,
        related_name="facilities",
    )
    address = models.CharField(_("địa chỉ"), max_length=300)
    representative = models.CharField(_("người đại diện"), max_length=150)
    representative_title = models.CharField(_("chức vụ"), max_length=100, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20)
    email = models.EmailField(_("e-mail"))
    main_products = models.CharField(_("sản phẩm chính"), max_length=300, blank=True)
    employees = models.PositiveIntegerField(_("số lao động"), null=True, blank=True)

    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    refusal_reason = models.TextField(_("lý do từ chối"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xét duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("xét duyệt lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("đăng ký lúc"), default=timezone.now)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("cơ sở công nghiệp nông thôn")
        verbose_name_plural = _("cơ sở công nghiệp nông thôn")
        indexes = [models.Index(fields=["locality", "status"])]

    def __str__(self) -> str:
        return self.name
