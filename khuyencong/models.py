from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Locality(models.Model):
    """An administrative unit: province, district-level unit or commune.

    Localities are data with validity dates because Vietnam's map moves: the district level was
    abolished on 1 July 2025, and communes may take over the intermediate review.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh / thành phố")
        DISTRICT = "district", _("Huyện / thị xã / thành phố thuộc tỉnh")
        COMMUNE = "commune", _("Xã / phường / thị trấn")

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    level = models.CharField(_("cấp"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    is_active = models.BooleanField(_("đang sử dụng"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    FACILITY = "facility", _("Cơ sở công nghiệp nông thôn")
    DISTRICT = "district", _("Cán bộ cấp huyện")
    DIT = "dit", _("Chuyên viên Sở Công Thương")
    LEADER = "leader", _("Lãnh đạo Sở Công Thương")
    COUNCIL = "council", _("Thành viên hội đồng thẩm định")
    FINANCE = "finance", _("Cán bộ Sở Tài chính")
    ADMIN = "admin", _("Quản trị hệ thống")


class PortalUserManager(UserManager):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        # The admin site lets in role=admin only: a superuser made by `createsuperuser` must be
        # able to use it.
        extra.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """A portal user: one role and at most one organisation (a facility or a locality)."""

    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    facility = models.ForeignKey(
        "proposals.Facility",
        verbose_name=_("cơ sở"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    locality = models.ForeignKey(
        Locality,
        verbose_name=_("đơn vị hành chính"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="facility") | Q(locality__isnull=True),
                name="user_facility_has_no_locality",
            ),
            models.CheckConstraint(
                condition=~Q(role="district") | Q(facility__isnull=True),
                name="user_district_has_no_facility",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_facility(self) -> bool:
        return self.role == Role.FACILITY

    @property
    def is_district(self) -> bool:
        return self.role == Role.DISTRICT

    @property
    def is_dit(self) -> bool:
        return self.role == Role.DIT

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def is_council(self) -> bool:
        return self.role == Role.COUNCIL

    @property
    def is_finance(self) -> bool:
        return self.role == Role.FINANCE

    @property
    def is_portal_admin(self) -> bool:
        return self.role == Role.ADMIN


class AuditLogQuerySet(models.QuerySet["AuditLog"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit log rows are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit log rows are append-only.")

    def for_object(self, obj: models.Model) -> AuditLogQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )


class AuditLog(models.Model):
    """One append-only row per state change or money write.

    Written only through ``khuyencong.audit.record``. The model refuses updates and deletes, and
    on PostgreSQL a trigger refuses them too, so not even a raw query can rewrite history.
    """

    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        # Accounts that acted are deactivated, never deleted: history must keep its authors.
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The name at the time of the action, as the official record shows it.
    actor_name = models.CharField(_("tên người thực hiện"), max_length=200, blank=True)
    action = models.CharField(_("hành động"), max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=300, blank=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Audit log rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit log rows are append-only.")


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    subject = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("đã gửi e-mail lúc"), null=True, blank=True)
    # Whether an e-mail is owed; with ``emailed_at`` empty the sweep sends it (see queue.py).
    email_wanted = models.BooleanField(_("cần gửi e-mail"), default=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject


class Holiday(models.Model):
    """A public holiday or compensation day off (data: the government sets them each year)."""

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày nghỉ lễ, Tết")
        verbose_name_plural = _("ngày nghỉ lễ, Tết")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · {self.name}"
