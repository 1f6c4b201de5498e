"""Role dashboards: counts per state, what waits on the viewer, overdue, money of the year.

Every figure comes from a GROUP BY or an aggregate over the viewer's scope, so the number of
queries does not grow with the number of proposals.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone, translation

from khuyencong import audit
from khuyencong.models import Role, User
from proposals.deadlines import DeadlineCalendar
from proposals.models import Proposal, ScoreSheet, State

ROLES = (Role.FACILITY, Role.DISTRICT, Role.DIT, Role.LEADER, Role.COUNCIL)

# The states in which a proposal waits on the role.
WAITING: dict[str, tuple[str, ...]] = {
    Role.FACILITY: (State.RETURNED,),
    Role.DISTRICT: (State.SUBMITTED,),
    Role.DIT: (State.FORWARDED, State.UNDER_APPRAISAL),
    Role.LEADER: (State.APPRAISED,),
}
INBOX_URL = {
    Role.DISTRICT: "proposals:district_inbox",
    Role.DIT: "proposals:dit_intake",
    Role.LEADER: "proposals:leader_decisions",
    Role.COUNCIL: "proposals:council_assigned",
}
NOT_COUNTED = (State.DRAFT, State.WITHDRAWN, State.REJECTED, State.CANCELLED)
SHOWN = 10


def _waiting(user: User, scope: Any, calendar: DeadlineCalendar) -> list[Proposal]:
    if user.role == Role.COUNCIL:
        sheets = ScoreSheet.objects.filter(
            member=user,
            submitted_at__isnull=True,
            appraisal__concluded_at__isnull=True,
            appraisal__closed_at__isnull=True,
        ).select_related("appraisal__proposal__facility__locality")
        proposals = []
        for sheet in sheets.order_by("appraisal__started_at"):
            proposal = sheet.appraisal.proposal
            proposal.sheet_id = sheet.pk
            proposals.append(proposal)
    else:
        proposals = list(
            scope.filter(state__in=WAITING.get(user.role, ()))
            .select_related("facility__locality")
            .order_by("state_changed_at", "id")
        )
    return calendar.mark(proposals)


def dashboard_context(user: User, year: int) -> dict[str, Any]:
    scope = Proposal.objects.visible_to(user)
    calendar = DeadlineCalendar()
    per_state = dict(scope.order_by().values_list("state").annotate(n=Count("id")))
    states = [
        {"state": value, "label": str(label), "count": per_state.get(value, 0)}
        for value, label in State.choices
        if per_state.get(value)
    ]
    waiting = _waiting(user, scope, calendar)
    overdue = [p for p in waiting if p.deadline and p.deadline.is_overdue]
    due_soon = [p for p in waiting if p.deadline and p.deadline.is_due_soon]
    money = scope.filter(plan_year=year).aggregate(
        requested=Sum("requested_support", filter=~Q(state__in=NOT_COUNTED)),
        approved=Sum("approved_amount"),
        count=Count("id", filter=~Q(state__in=NOT_COUNTED)),
    )
    context: dict[str, Any] = {
        "year": year,
        "states": states,
        "total": sum(per_state.values()),
        "waiting": waiting[:SHOWN],
        "waiting_count": len(waiting),
        "overdue_count": len(overdue),
        "due_soon_count": len(due_soon),
        "money": money,
        "inbox_url": reverse(INBOX_URL[user.role]) if user.role in INBOX_URL else "",
    }
    if user.role in (Role.DIT, Role.LEADER):
        per_locality = (
            scope.order_by()
            .values_list("locality__name")
            .annotate(n=Count("id"))
            .order_by("locality__name")
        )
        context["chart"] = {
            "states": {
                "labels": [s["label"] for s in states],
                "data": [s["count"] for s in states],
            },
            "localities": {
                "labels": [name for name, _n in per_locality],
                "data": [n for _name, n in per_locality],
            },
        }
    return context


# The DIT and the leader see the same scope (every non-draft proposal): their dashboard is the
# same for all of them and costs a scan of the whole table, so it is cached. The key moves with
# the latest state change (one index lookup), the audited-data version (any committed service
# write, such as an approved amount lowered by a change request; a cache read), the day
# (deadlines count in days) and the language. The short lifetime covers writes made outside
# the services (the admin's reference tables, data loaders).
SHARED_ROLES = (Role.DIT, Role.LEADER)
CACHE_SECONDS = 120


def cached_dashboard_context(user: User, year: int) -> dict[str, Any]:
    if user.role not in SHARED_ROLES:
        return dashboard_context(user, year)
    latest = (
        Proposal.objects.order_by("-state_changed_at", "-id")
        .values_list("state_changed_at", "id")
        .first()
    )
    stamp = f"{latest[0].timestamp()}:{latest[1]}" if latest else "none"
    key = ":".join(
        (
            "dashboard",
            user.role,
            str(year),
            stamp,
            str(audit.data_version()),
            timezone.localdate().isoformat(),
            translation.get_language() or "",
        )
    )
    context = cache.get(key)
    if context is None:
        context = dashboard_context(user, year)
        cache.set(key, context, CACHE_SECONDS)
    return context
