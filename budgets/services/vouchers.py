"""The dates a money document may bear (item 10 of issue 17).

A voucher (chứng từ) of an appropriation of year Y is dated:
- not after today;
- not before the appropriation's decision (quyết định giao dự toán);
- within the budget year: 01/01/Y to 31/12/Y for an advance, and to 31/01/Y+1 for a payment
  or a recovery, the adjustment period in which the year's spending is settled (Law on the
  State Budget 83/2015/QH13, Art. 64-65: the budget year is the calendar year, and its
  spending is settled by 31 January of the next year).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.models import Appropriation, Disbursement
from khuyencong.exceptions import ServiceError
from khuyencong.lib.dates import short_date


def _today() -> dt.date:
    """Today in the portal's time zone; the one place money writes read the date from."""
    return timezone.localdate()


def budget_year_end(plan_year: int, kind: str) -> dt.date:
    """The last day a voucher of ``kind`` may bear on an appropriation of ``plan_year``."""
    if kind == Disbursement.Kind.ADVANCE:
        return dt.date(plan_year, 12, 31)
    return dt.date(plan_year + 1, 1, 31)


def check_voucher_date(*, voucher_date: dt.date, appropriation: Appropriation, kind: str) -> None:
    """Raise ``ServiceError`` (with the dates, dd/mm/yyyy) when ``voucher_date`` is outside
    what the law allows for a voucher of ``kind`` on ``appropriation``."""
    today = _today()
    if voucher_date > today:
        raise ServiceError(
            _("Ngày chứng từ %(day)s không được sau ngày hôm nay (%(today)s).")
            % {"day": short_date(voucher_date), "today": short_date(today)}
        )
    if voucher_date < appropriation.decision_date:
        raise ServiceError(
            _(
                "Ngày chứng từ %(day)s không được trước ngày quyết định giao dự toán "
                "%(number)s (%(decision)s)."
            )
            % {
                "day": short_date(voucher_date),
                "number": appropriation.decision_number,
                "decision": short_date(appropriation.decision_date),
            }
        )
    start = dt.date(appropriation.plan_year, 1, 1)
    end = budget_year_end(appropriation.plan_year, kind)
    if not start <= voucher_date <= end:
        raise ServiceError(
            _(
                "Ngày chứng từ %(day)s nằm ngoài năm ngân sách %(year)s: %(kind)s được ghi "
                "từ %(start)s đến %(end)s."
            )
            % {
                "day": short_date(voucher_date),
                "year": appropriation.plan_year,
                "kind": Disbursement.Kind(kind).label.lower(),
                "start": short_date(start),
                "end": short_date(end),
            }
        )
