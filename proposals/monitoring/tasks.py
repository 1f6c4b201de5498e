"""Daily reminders of progress reports that are due or overdue."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.lib.dates import short_date
from khuyencong.models import Role, User
from khuyencong.notifications import notify
from khuyencong.task_retry import RETRY, TRANSIENT_ERRORS
from proposals.models import Proposal, ReportReminder
from proposals.monitoring.selectors import in_progress_for, report_due_on


def _remind(proposal: Proposal, owners: list[User], *, due: dt.date, today: dt.date) -> None:
    overdue = (today - due).days
    notify(
        recipients=owners,
        subject=lambda: (
            (
                _("Đề án %(code)s: đã quá hạn báo cáo tiến độ %(days)s ngày")
                if overdue
                else _("Đề án %(code)s: đến hạn báo cáo tiến độ")
            )
            % {"code": proposal.code, "days": overdue}
        ),
        body=lambda: (
            _("Hạn báo cáo: %(due)s. Vui lòng gửi báo cáo tiến độ trên cổng.")
            % {"due": short_date(due)}
        ),
        url=reverse("proposals:progress_report_create", args=[proposal.pk]),
    )


def report_reminders_send(*, today: dt.date) -> int:
    """Remind each facility whose report is due by ``today``, once a day. Returns how many
    proposals got a reminder."""
    sent = 0
    rows = in_progress_for(Proposal.objects.all()).filter(contract_date__isnull=False)
    owners: dict[int, list[User]] = {}
    for user in User.objects.filter(role=Role.FACILITY, is_active=True):
        owners.setdefault(user.facility_id, []).append(user)
    for proposal in rows:
        due = report_due_on(
            contract_date=proposal.contract_date, last_report_at=proposal.last_report_at
        )
        if due is None or due > today or not owners.get(proposal.facility_id):
            continue
        try:
            with transaction.atomic():
                ReportReminder.objects.create(proposal=proposal, due_on=due, sent_on=today)
                _remind(proposal, owners[proposal.facility_id], due=due, today=today)
        except IntegrityError:
            continue  # already reminded today (the task ran twice)
        sent += 1
    return sent


@shared_task(autoretry_for=TRANSIENT_ERRORS, max_retries=3, **RETRY)
def send_progress_report_reminders() -> int:
    return report_reminders_send(today=timezone.localdate())
