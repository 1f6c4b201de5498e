"""Reminders to district officers before a planning deadline, and the deadline schedules."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong import audit
from khuyencong.lib.dates import short_date
from khuyencong.models import Role, User
from khuyencong.notifications import notify
from proposals.models import Proposal
from proposals.models.proposal import State
from reports.models import PlanDeadline

# Dossiers that wait on the district: submitted by a facility, not yet forwarded or returned.
WAITING_ON_DISTRICT = (State.SUBMITTED,)
DEADLINE_TASK_PREFIX = "Tổng hợp kế hoạch tại hạn chót #"


def due_deadlines(today: dt.date) -> list[PlanDeadline]:
    """Deadlines whose reminder day has come and that have not been reminded yet."""
    candidates = PlanDeadline.objects.filter(date__gte=today, reminded_on__isnull=True)
    return [d for d in candidates if d.date - dt.timedelta(days=d.reminder_days_before) <= today]


def waiting_by_officer(year: int) -> dict[User, list[Proposal]]:
    """Each active district officer with the dossiers of ``year`` that wait on them."""
    waiting: dict[int, list[Proposal]] = defaultdict(list)
    for proposal in (
        Proposal.objects.filter(plan_year=year, state__in=WAITING_ON_DISTRICT)
        .select_related("facility")
        .order_by("code")
    ):
        waiting[proposal.locality_id].append(proposal)
    officers = (
        User.objects.filter(role=Role.DISTRICT, is_active=True, locality_id__in=list(waiting))
        .select_related("locality")
        .order_by("username")
    )
    return {officer: waiting[officer.locality_id] for officer in officers}


def _remind(officer: User, proposals: list[Proposal], deadline: PlanDeadline) -> None:
    lines = "\n".join(f"- {p.code}: {p.title} ({p.facility.name})" for p in proposals)
    notify(
        recipients=[officer],
        subject=lambda: (
            _("Nhắc hạn %(date)s: %(name)s – còn %(n)s hồ sơ chờ xử lý")
            % {"date": short_date(deadline.date), "name": deadline.name, "n": len(proposals)}
        ),
        body=lambda: (
            _("Các hồ sơ năm %(year)s đang chờ %(unit)s xem xét:\n%(lines)s")
            % {"year": deadline.year, "unit": officer.locality.committee_name, "lines": lines}
        ),
        url=reverse("dashboard"),
    )


def deadline_reminders_send(*, today: dt.date) -> int:
    """Remind the officers who still hold dossiers; each deadline reminds once."""
    sent = 0
    for due in due_deadlines(today):
        with transaction.atomic():
            deadline = PlanDeadline.objects.select_for_update().get(pk=due.pk)
            if deadline.reminded_on is not None:
                continue
            by_officer = waiting_by_officer(deadline.year)
            for officer, proposals in by_officer.items():
                _remind(officer, proposals, deadline)
            deadline.reminded_on = today
            deadline.save(update_fields=["reminded_on"])
            audit.record(
                actor=None,
                action="plan.deadline_reminder",
                obj=deadline,
                note=_("%(n)s cán bộ được nhắc") % {"n": len(by_officer)},
            )
            sent += len(by_officer)
    return sent


def plan_deadline_schedule(*, deadline: PlanDeadline) -> None:
    """Run the aggregation at the deadline (17:00 local time) through a one-off beat entry."""
    from django_celery_beat.models import ClockedSchedule, PeriodicTask

    when = timezone.make_aware(dt.datetime.combine(deadline.date, dt.time(17, 0)))
    with transaction.atomic():
        clocked, _ = ClockedSchedule.objects.get_or_create(clocked_time=when)
        PeriodicTask.objects.update_or_create(
            name=f"{DEADLINE_TASK_PREFIX}{deadline.pk}",
            defaults={
                "task": "reports.tasks.aggregate_annual_plan",
                "clocked": clocked,
                "interval": None,
                "crontab": None,
                "one_off": True,
                "enabled": when > timezone.now(),
                "kwargs": json.dumps({"year": deadline.year, "trigger": "deadline"}),
                "description": f"{deadline.name} ({short_date(deadline.date)})",
            },
        )


def plan_deadline_unschedule(*, deadline_id: int) -> None:
    from django_celery_beat.models import PeriodicTask

    PeriodicTask.objects.filter(name=f"{DEADLINE_TASK_PREFIX}{deadline_id}").delete()


DEADLINE_FIELDS = ["year", "name", "date", "reminder_days_before", "reminded_on"]


def plan_deadline_save(*, deadline: PlanDeadline, actor: User | None) -> PlanDeadline:
    """Create or change a planning deadline and make its schedule follow it.

    A deadline moved (its date or its reminder lead changed) is reminded again: ``reminded_on``
    is cleared, so the daily reminder task writes to the officers for the new date. The one-off
    aggregation at the deadline moves with it, in the same transaction.
    """
    with transaction.atomic():
        before = None
        if deadline.pk:
            before = (
                PlanDeadline.objects.select_for_update()
                .filter(pk=deadline.pk)
                .values(*DEADLINE_FIELDS)
                .first()
            )
        if before and (
            before["date"] != deadline.date
            or before["reminder_days_before"] != deadline.reminder_days_before
        ):
            deadline.reminded_on = None
        deadline.save()
        audit.record(
            actor=actor,
            action="plan.deadline_save",
            obj=deadline,
            before=before,
            after={field: getattr(deadline, field) for field in DEADLINE_FIELDS},
        )
        plan_deadline_schedule(deadline=deadline)
    return deadline


def plan_deadline_delete(*, deadlines: Iterable[PlanDeadline], actor: User | None) -> int:
    """Delete planning deadlines (one, or a bulk selection) with their scheduled aggregations.
    Returns how many were deleted."""
    deleted = 0
    with transaction.atomic():
        pks = [deadline.pk for deadline in deadlines]
        for deadline in PlanDeadline.objects.select_for_update().filter(pk__in=pks):
            audit.record(
                actor=actor,
                action="plan.deadline_delete",
                obj=deadline,
                before={field: getattr(deadline, field) for field in DEADLINE_FIELDS},
            )
            plan_deadline_unschedule(deadline_id=deadline.pk)
            deadline.delete()
            deleted += 1
    return deleted
