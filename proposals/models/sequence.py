from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierSequence(models.Model):
    """The last dossier number used in a plan year.

    The row is locked (``select_for_update``) inside the submitting transaction, so codes are
    unique and gap-free: a submission that fails rolls its increment back with it.
    """

    year = models.PositiveSmallIntegerField(_("năm kế hoạch"), unique=True)
    last = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("số thứ tự mã hồ sơ")
        verbose_name_plural = _("số thứ tự mã hồ sơ")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
