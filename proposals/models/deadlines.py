"""Time limits of each step, in working days (data an admin edits)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from proposals.models.proposal import State


class StepDeadline(models.Model):
    """How many working days a proposal may wait in ``state`` before it is overdue."""

    state = models.CharField(
        _("bước (trạng thái)"), max_length=20, choices=State.choices, unique=True
    )
    working_days = models.PositiveSmallIntegerField(_("thời hạn (ngày làm việc)"))
    due_soon_days = models.PositiveSmallIntegerField(
        _("báo sắp đến hạn trước (ngày làm việc)"), default=2
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("thời hạn xử lý")
        verbose_name_plural = _("thời hạn xử lý")
        constraints = [
            models.CheckConstraint(condition=Q(working_days__gt=0), name="deadline_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.working_days}"
