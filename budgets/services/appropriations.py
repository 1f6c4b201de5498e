"""Appropriations (dự toán được giao) and their adjustments, entered by Finance."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from budgets.models import (
    Appropriation,
    AppropriationAdjustment,
)
from budgets.services.common import (
    committed_amount,
    effective_amount,
    lock_appropriation,
    positive_amount,
)
from khuyencong import audit
from khuyencong.catalogue.models import FundSource
from khuyencong.exceptions import ServiceError
from khuyencong.lib.money import format_vnd
from khuyencong.models import User

# --- Appropriations ---------------------------------------------------------------------------


def appropriation_create(
    *,
    plan_year: int,
    fund_source: FundSource,
    amount: int,
    decision_number: str,
    decision_date: dt.date,
    actor: User,
) -> Appropriation:
    positive_amount(amount)
    decision_number = decision_number.strip()
    with transaction.atomic():
        if Appropriation.objects.filter(
            plan_year=plan_year, fund_source=fund_source, decision_number=decision_number
        ).exists():
            raise ServiceError(
                _("Quyết định %(number)s đã được nhập cho năm %(year)s, nguồn %(fund)s.")
                % {"number": decision_number, "year": plan_year, "fund": fund_source}
            )
        appropriation = Appropriation.objects.create(
            plan_year=plan_year,
            fund_source=fund_source,
            amount=amount,
            decision_number=decision_number,
            decision_date=decision_date,
            created_by=actor,
        )
        audit.record_created(
            actor=actor,
            action="appropriation.create",
            obj=appropriation,
            fields=["plan_year", "fund_source", "amount", "decision_number", "decision_date"],
        )
    return appropriation


def appropriation_adjust(
    *,
    appropriation: Appropriation,
    delta: int,
    reason: str,
    decision_number: str,
    decision_date: dt.date,
    actor: User,
) -> AppropriationAdjustment:
    """Add an adjustment row; a decrease may not take the appropriation below what is allocated."""
    if not isinstance(delta, int) or delta == 0:
        raise ServiceError(_("Số tiền điều chỉnh phải là số nguyên đồng khác 0."))
    if not reason.strip():
        raise ServiceError(_("Cần ghi lý do điều chỉnh."))
    with transaction.atomic():
        locked = lock_appropriation(appropriation.pk)
        effective = effective_amount(locked)
        committed = committed_amount(locked)
        after = effective + delta
        if after < committed:
            raise ServiceError(
                _(
                    "Dự toán sau điều chỉnh thấp hơn số đã phân bổ: sau điều chỉnh %(after)s, "
                    "đã phân bổ %(committed)s."
                )
                % {"after": format_vnd(after), "committed": format_vnd(committed)}
            )
        if after <= 0:
            raise ServiceError(
                _("Dự toán sau điều chỉnh phải lớn hơn 0: hiện có %(effective)s, giảm %(delta)s.")
                % {"effective": format_vnd(effective), "delta": format_vnd(-delta)}
            )
        adjustment = AppropriationAdjustment.objects.create(
            appropriation=locked,
            delta=delta,
            reason=reason.strip(),
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="appropriation.adjust",
            obj=locked,
            before={"effective": effective},
            after={
                "effective": after,
                "delta": delta,
                "decision_number": adjustment.decision_number,
            },
            note=adjustment.reason,
        )
    return adjustment
