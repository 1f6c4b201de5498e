"""The annual plan's approval: the DIT submits a year's aggregated plan, the leader approves it
(freezing it with a decision number and date) or returns it with a reason.

Legal source: Decree 45/2012/NĐ-CP Art. 12 (amended by Decree 235/2025/NĐ-CP): the provincial
People's Committee, through its DIT, approves the local khuyến công plan each year; the portal
records the decision the DIT leader signs.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.lib.dates import short_date
from khuyencong.models import Role, User
from khuyencong.notifications import notify
from reports.documents.annual_plan import annex_rows, frozen_annex
from reports.models import PlanApproval
from reports.selectors import latest_run

FIELDS = ["year", "run", "status", "decision_number", "decision_date", "reason"]


def _plan_url(year: int) -> str:
    return f"{reverse('reports:plan')}?year={year}"


def _staff(role: str) -> list[User]:
    return list(User.objects.filter(role=role, is_active=True))


def plan_submit(*, year: int, actor: User) -> PlanApproval:
    """Put the latest finished aggregation of ``year`` to the DIT leader.

    Raises ``ServiceError`` when the actor is not a DIT specialist, when the year has never been
    aggregated, or when a plan of that year already waits for or has the leader's approval.
    """
    if actor.role != Role.DIT:
        raise ServiceError(_("Chỉ chuyên viên Sở Công Thương được trình kế hoạch năm."))
    run = latest_run(year)
    if run is None:
        raise ServiceError(
            _("Kế hoạch năm %(year)s chưa được tổng hợp: hãy chạy tổng hợp trước khi trình.")
            % {"year": year}
        )
    try:
        with transaction.atomic():
            approval = PlanApproval.objects.create(year=year, run=run, submitted_by=actor)
            audit.record_created(actor=actor, action="plan.submit", obj=approval, fields=FIELDS)
            notify(
                recipients=_staff(Role.LEADER),
                subject=lambda: (
                    _("Kế hoạch khuyến công năm %(year)s chờ phê duyệt") % {"year": year}
                ),
                body=lambda: (
                    _("%(who)s đã trình kế hoạch năm %(year)s (số liệu tổng hợp lúc %(taken)s).")
                    % {
                        "who": actor.get_full_name() or actor.username,
                        "year": year,
                        "taken": timezone.localtime(run.finished_at).strftime("%H:%M %d/%m/%Y"),
                    }
                ),
                url=_plan_url(year),
            )
    except IntegrityError:
        live = PlanApproval.objects.filter(year=year).exclude(status=PlanApproval.Status.RETURNED)
        if live.approved().exists():
            raise ServiceError(
                _("Kế hoạch năm %(year)s đã được phê duyệt; không trình lại được.") % {"year": year}
            ) from None
        raise ServiceError(
            _("Kế hoạch năm %(year)s đang chờ lãnh đạo phê duyệt.") % {"year": year}
        ) from None
    return approval


def _lock_submitted(approval_id: int, actor: User) -> PlanApproval:
    if actor.role != Role.LEADER:
        raise ServiceError(_("Chỉ lãnh đạo Sở Công Thương được phê duyệt hoặc trả lại kế hoạch."))
    approval = (
        PlanApproval.objects.select_for_update()
        .select_related("run")
        .filter(pk=approval_id)
        .first()
    )
    if approval is None:
        raise ServiceError(_("Không tìm thấy kế hoạch được trình."))
    if approval.status != PlanApproval.Status.SUBMITTED:
        raise ServiceError(
            _("Kế hoạch này không còn chờ phê duyệt (trạng thái: %(status)s).")
            % {"status": approval.get_status_display()}
        )
    return approval


@transaction.atomic
def plan_approve(
    *, approval_id: int, actor: User, decision_number: str, decision_date: dt.date
) -> PlanApproval:
    """Approve a submitted plan: record the decision and freeze its figures and annex.

    ``decision_date`` may be neither in the future nor before the day the approved figures
    were aggregated. Raises ``ServiceError`` otherwise, or when the plan is not waiting.
    """
    approval = _lock_submitted(approval_id, actor)
    number = " ".join(decision_number.split())
    if not number:
        raise ServiceError(_("Vui lòng nhập số quyết định phê duyệt kế hoạch."))
    today = timezone.localdate()
    taken = timezone.localdate(approval.run.finished_at)
    if decision_date > today:
        raise ServiceError(
            _("Ngày quyết định %(date)s ở tương lai (hôm nay là %(today)s).")
            % {"date": short_date(decision_date), "today": short_date(today)}
        )
    if decision_date < taken:
        raise ServiceError(
            _(
                "Ngày quyết định %(date)s trước ngày tổng hợp số liệu được trình (%(taken)s): "
                "quyết định không thể phê duyệt số liệu chưa có."
            )
            % {"date": short_date(decision_date), "taken": short_date(taken)}
        )
    before = audit.snapshot(approval, FIELDS)
    approval.status = PlanApproval.Status.APPROVED
    approval.decision_number = number
    approval.decision_date = decision_date
    approval.decided_by = actor
    approval.decided_at = timezone.now()
    approval.annex = frozen_annex(annex_rows(approval.year))
    approval.save(
        update_fields=[
            "status",
            "decision_number",
            "decision_date",
            "decided_by",
            "decided_at",
            "annex",
        ]
    )
    audit.record(
        actor=actor,
        action="plan.approve",
        obj=approval,
        before=before,
        after=audit.snapshot(approval, FIELDS),
    )
    year = approval.year
    notify(
        recipients=[approval.submitted_by, *_staff(Role.DIT), *_staff(Role.FINANCE)],
        subject=lambda: _("Kế hoạch khuyến công năm %(year)s đã được phê duyệt") % {"year": year},
        body=lambda: (
            _("Quyết định số %(number)s ngày %(date)s.")
            % {"number": number, "date": short_date(decision_date)}
        ),
        url=_plan_url(year),
    )
    return approval


@transaction.atomic
def plan_return(*, approval_id: int, actor: User, reason: str) -> PlanApproval:
    """Return a submitted plan to the DIT with a reason; it can then be aggregated again and
    resubmitted. Raises ``ServiceError`` without a reason or when the plan is not waiting."""
    approval = _lock_submitted(approval_id, actor)
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Vui lòng nêu lý do trả lại kế hoạch."))
    before = audit.snapshot(approval, FIELDS)
    approval.status = PlanApproval.Status.RETURNED
    approval.reason = reason
    approval.decided_by = actor
    approval.decided_at = timezone.now()
    approval.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        action="plan.return",
        obj=approval,
        before=before,
        after=audit.snapshot(approval, FIELDS),
        note=reason,
    )
    year = approval.year
    notify(
        recipients=[approval.submitted_by],
        subject=lambda: _("Kế hoạch khuyến công năm %(year)s bị trả lại") % {"year": year},
        body=lambda: _("Lý do: %(reason)s") % {"reason": reason},
        url=_plan_url(year),
    )
    return approval
