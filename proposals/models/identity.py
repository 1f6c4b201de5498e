"""A facility's request to change its legal identity (issue 18, item 5).

The legal name, tax number and locality of a facility decide who reviews it and what the
public list and official documents print, so a facility cannot change them at once: it asks,
and the intermediate officer of its locality approves or refuses. Until approved, the facility
keeps (and every page and document shows) its approved identity.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.models import Locality
from proposals.models.facility import Facility


class FacilityIdentityChange(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REFUSED = "refused", _("Không duyệt")

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="identity_changes"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # What the facility asks for, and what it had when it asked.
    name = models.CharField(_("tên cơ sở mới"), max_length=255)
    tax_code = models.CharField(_("mã số thuế mới"), max_length=14)
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn mới")
    )
    old_name = models.CharField(max_length=255)
    old_tax_code = models.CharField(max_length=14)
    old_locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("lý do thay đổi"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("yêu cầu thay đổi thông tin pháp lý của cơ sở")
        constraints = [
            models.UniqueConstraint(
                fields=["facility"],
                condition=models.Q(status="pending"),
                name="one_pending_identity_change_per_facility",
            )
        ]

    def __str__(self) -> str:
        return f"{self.old_name} → {self.name}"
