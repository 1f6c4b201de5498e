from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The word of each kind of unit as it opens the unit's name ("Xã Cái Nhum"), longest first so
# that "Thành phố" wins over a shorter prefix.
LOCALITY_KINDS = ("thành phố", "thị trấn", "thị xã", "phường", "huyện", "tỉnh", "quận", "xã")

# The district level was abolished and the new communes took over on this day (Resolution
# 202/2025/QH15 and the Standing Committee's resolutions on the commune-level units).
COMMUNE_REFORM_DATE = dt.date(2025, 7, 1)


class LocalityQuerySet(models.QuerySet["Locality"]):
    def valid_on(self, day: dt.date) -> LocalityQuerySet:
        """Units in force on ``day`` (``valid_from``/``valid_to`` inclusive, open when empty)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
            is_active=True,
        )

    def intermediate_on(self, day: dt.date) -> LocalityQuerySet:
        """Units a facility may belong to on ``day``: those of the configured intermediate level
        (communes when the level is "none": a facility still has its place)."""
        level = settings.INTERMEDIATE_LEVEL
        if level == "none":
            level = Locality.Level.COMMUNE
        return self.valid_on(day).filter(level=level)

    def reviewing_units(self) -> LocalityQuerySet:
        """Every unit that reviews or reviewed proposals, past and present (filters, reports):
        the districts until 30/6/2025 and the communes since, current ones first."""
        return self.filter(
            level__in=[Locality.Level.DISTRICT, Locality.Level.COMMUNE], is_active=True
        ).order_by(models.F("valid_to").desc(nulls_first=True), "name")


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
    source = models.CharField(_("nguồn dữ liệu"), max_length=200, blank=True, db_default="")

    objects = LocalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")

    def __str__(self) -> str:
        return self.name

    @property
    def kind(self) -> str:
        """The unit's kind in lower case ("xã", "phường", "huyện", "thành phố"), from its name."""
        lowered = self.name.lower()
        for kind in LOCALITY_KINDS:
            if lowered.startswith(kind + " "):
                return kind
        return ""

    @property
    def place_name(self) -> str:
        """The name without its kind: "Cái Nhum" for "Xã Cái Nhum"."""
        kind = self.kind
        return self.name[len(kind) :].strip() if kind else self.name

    @property
    def committee_name(self) -> str:
        """The People's Committee of the unit: "UBND xã Cái Nhum", "UBND thành phố Vĩnh Long"."""
        kind = self.kind
        return f"UBND {kind} {self.place_name}" if kind else f"UBND {self.name}"

    def is_valid_on(self, day: dt.date) -> bool:
        return (
            self.is_active
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_to is None or day <= self.valid_to)
        )


class Role(models.TextChoices):
    FACILITY = "facility", _("Cơ sở công nghiệp nông thôn")
    # The intermediate reviewer: a commune since 1/7/2025, a district before (the role's value
    # stays "district" so history and URLs keep working); pages name the officer's own unit.
    DISTRICT = "district", _("Cán bộ UBND cấp xã / huyện")
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
    def role_title(self) -> str:
        """The role as a person reads it: "Cán bộ UBND xã Cái Nhum" for an intermediate officer."""
        if self.role == Role.DISTRICT and self.locality_id:
            return _("Cán bộ %(unit)s") % {"unit": self.locality.committee_name}
        return str(self.get_role_display())

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

    # Indexed with the id below (keyset pagination, newest first), not on its own.
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        # Accounts that acted are deactivated, never deleted: history must keep its authors.
        on_delete=models.PROTECT,
        related_name="+",
        # Covered by ``audit_actor_keyset`` (actor first): an index of its own would let the
        # planner fetch all of a busy actor's rows and sort them instead of walking the keyset.
        db_index=False,
    )
    # The name at the time of the action, as the official record shows it.
    actor_name = models.CharField(_("tên người thực hiện"), max_length=200, blank=True)
    action = models.CharField(_("hành động"), max_length=100)
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
        # Issue 14: the audit page walks these newest first, 50 a page, by (created_at, id)
        # keyset, alone or filtered by actor or action; a dossier code is a prefix of the
        # object's name, an index range (pattern operators, so LIKE 'KC-2026%' uses it).
        indexes = [
            models.Index(fields=["content_type", "object_id", "created_at"]),
            models.Index(fields=["-created_at", "-id"], name="audit_keyset"),
            models.Index(fields=["actor", "-created_at", "-id"], name="audit_actor_keyset"),
            models.Index(fields=["action", "-created_at", "-id"], name="audit_action_keyset"),
            models.Index(
                fields=["object_repr"], name="audit_repr_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]

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
    """A day of the official calendar that differs from the Monday-to-Friday week: a public
    holiday or swapped day off, or a make-up working day (ngày làm bù, usually a Saturday).

    Data, because the government announces each year's days (Labour Code 2019 Art. 112 and the
    yearly notices); ``source`` names the document, ``provisional`` flags a year whose schedule
    is not yet officially announced.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        MAKE_UP = "make_up", _("Ngày làm bù")

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=200)
    kind = models.CharField(
        _("loại ngày"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.DAY_OFF,
        db_default=Kind.DAY_OFF,
    )
    source = models.CharField(_("văn bản quy định"), max_length=300, blank=True, db_default="")
    provisional = models.BooleanField(
        _("dự kiến (chưa có thông báo chính thức)"), default=False, db_default=False
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày nghỉ lễ, Tết, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ lễ, Tết, ngày làm bù")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · {self.name}"
