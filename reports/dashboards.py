"""Role dashboards: counts per state, what waits on the viewer, overdue, money of the year.

Every figure comes from a GROUP BY or an aggregate over the viewer's scope, so the number of
queries does not grow with the number of proposals.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone, translation

from khuyencong import audit
from khuyencong.localities import has_intermediate_review
from khuyencong.models import Role, User
from proposals.deadlines import DUE_SOON, OVERDUE, DeadlineCalendar
from proposals.models import Proposal, ScoreSheet, State

ROLES = (Role.FACILITY, Role.DISTRICT, Role.DIT, Role.LEADER, Role.COUNCIL)

# The states in which a proposal waits on the role.
WAITING: dict[str, tuple[str, ...]] = {
    Role.FACILITY: (State.RETURNED,),
    Role.DISTRICT: (State.SUBMITTED,),
    Role.DIT: (State.FORWARDED, State.UNDER_APPRAISAL),
    Role.LEADER: (State.APPRAISED,),
}


def _inbox_url(role: str) -> str:
    """The role's inbox; none for a local officer when facilities submit straight to the DIT
    (``INTERMEDIATE_LEVEL=none``): nothing waits for the local committee then."""
    if role not in INBOX_URL or (role == Role.DISTRICT and not has_intermediate_review()):
        return ""
    return reverse(INBOX_URL[role])


INBOX_URL = {
    Role.DISTRICT: "proposals:district_inbox",
    Role.DIT: "proposals:dit_intake",
    Role.LEADER: "proposals:leader_decisions",
    Role.COUNCIL: "proposals:council_assigned",
}
NOT_COUNTED = (State.DRAFT, State.WITHDRAWN, State.REJECTED, State.CANCELLED)
SHOWN = 10
# The columns of the waiting table (and the deadline: state and its date).
SHOWN_COLUMNS = ("code", "title", "state", "state_changed_at", "facility__locality__name")


def _waiting(user: User, scope: Any, calendar: DeadlineCalendar) -> tuple[list[Any], dict]:
    """The first ``SHOWN`` rows waiting on the user, and the counts of all of them: one
    aggregate (overdue and due-soon decided in SQL from the calendar's boundaries) and one
    page of rows, whatever the number waiting."""
    if user.role == Role.COUNCIL:
        rows = ScoreSheet.objects.filter(
            member=user,
            submitted_at__isnull=True,
            appraisal__concluded_at__isnull=True,
            appraisal__closed_at__isnull=True,
        )
        prefix = "appraisal__proposal__"
    else:
        rows = scope.filter(state__in=WAITING.get(user.role, ()))
        prefix = ""
    overdue = calendar.q(OVERDUE, prefix)
    due_soon = calendar.q(DUE_SOON, prefix)  # overdue included: taken out below
    if due_soon is not None and overdue is not None:
        due_soon &= ~overdue
    counted = {"overdue": overdue, "due_soon": due_soon}
    counts = {"overdue": 0, "due_soon": 0} | rows.aggregate(
        waiting=Count("id"),
        **{name: Count("id", filter=q) for name, q in counted.items() if q is not None},
    )
    if user.role == Role.COUNCIL:
        sheets = rows.select_related("appraisal__proposal__facility__locality").order_by(
            "appraisal__started_at", "id"
        )[:SHOWN]
        shown = []
        for sheet in sheets:
            proposal = sheet.appraisal.proposal
            proposal.sheet_id = sheet.pk
            shown.append(proposal)
    else:
        shown = list(
            rows.select_related("facility__locality")
            .only(*SHOWN_COLUMNS)
            .order_by("state_changed_at", "id")[:SHOWN]
        )
    return calendar.mark(shown), counts


def dashboard_context(user: User, year: int) -> dict[str, Any]:
    scope = Proposal.objects.visible_to(user)
    calendar = DeadlineCalendar()
    per_state = dict(scope.order_by().values_list("state").annotate(n=Count("id")))
    states = [
        {"state": value, "label": str(label), "count": per_state.get(value, 0)}
        for value, label in State.choices
        if per_state.get(value)
    ]
    waiting, counts = _waiting(user, scope, calendar)
    money = scope.filter(plan_year=year).aggregate(
        requested=Sum("requested_support", filter=~Q(state__in=NOT_COUNTED)),
        approved=Sum("approved_amount"),
        count=Count("id", filter=~Q(state__in=NOT_COUNTED)),
    )
    context: dict[str, Any] = {
        "year": year,
        "states": states,
        "total": sum(per_state.values()),
        "waiting": waiting,
        "waiting_count": counts["waiting"],
        "overdue_count": counts["overdue"],
        "due_soon_count": counts["due_soon"],
        "money": money,
        "inbox_url": _inbox_url(user.role),
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
# same for all of them and costs a scan of the whole table, so it is cached in the shared cache
# (Redis: every worker of every server reads the same entry). A council member's scope (every
# proposal they appraised) and a local officer's (their xã/phường) grow with the years too: each
# of them has an entry of their own, under the same rules. A facility's is small: computed.
# The entry is fresh while its version matches: the latest state change (one index lookup),
# the audited-data version (any committed service write, such as an approved amount lowered by
# a change request; a cache read) and the day (deadlines count in days); and for at most
# CACHE_SECONDS, which covers writes made outside the services (the admin's reference tables,
# data loaders).
#
# Stampede protection: when the entry is stale, one worker takes a short lock (cache.add is
# atomic in Redis) and recomputes; the others serve the stale entry meanwhile instead of all
# scanning the table at once. With no entry at all (a cold cache) every worker computes.
SHARED_ROLES = (Role.DIT, Role.LEADER)
PER_USER_ROLES = (Role.COUNCIL, Role.DISTRICT)
CACHE_SECONDS = 120
KEEP_SECONDS = 24 * 3600  # how long a stale entry can stand in during a recomputation
LOCK_SECONDS = 30  # longer than a recomputation at 300,000 proposals (about 1.5 s)


def _version() -> str:
    latest = (
        Proposal.objects.order_by("-state_changed_at", "-id")
        .values_list("state_changed_at", "id")
        .first()
    )
    stamp = f"{latest[0].timestamp()}:{latest[1]}" if latest else "none"
    return ":".join((stamp, str(audit.data_version()), timezone.localdate().isoformat()))


def cache_key(user: User, year: int) -> str:
    """The entry of ``user``'s dashboard: one for each shared role, one per user otherwise."""
    owner = user.role if user.role in SHARED_ROLES else f"{user.role}:{user.pk}"
    return f"dashboard:{owner}:{year}:{translation.get_language() or ''}"


def cached_dashboard_context(user: User, year: int) -> dict[str, Any]:
    """The dashboard of ``user`` for ``year`` through the cache (see above): shared by the DIT
    and the leader, one entry per council member and per local officer; computed for a
    facility, whose scope is small."""
    if user.role not in SHARED_ROLES + PER_USER_ROLES:
        return dashboard_context(user, year)
    key = cache_key(user, year)
    version = _version()
    entry = cache.get(key)
    if (
        entry is not None
        and entry["version"] == version
        and time.time() - entry["at"] < CACHE_SECONDS
    ):
        return entry["context"]
    if not cache.add(f"{key}:lock", 1, LOCK_SECONDS):
        if entry is not None:
            return entry["context"]  # another worker is recomputing it
        return dashboard_context(user, year)
    try:
        context = dashboard_context(user, year)
        cache.set(key, {"version": version, "at": time.time(), "context": context}, KEEP_SECONDS)
    finally:
        cache.delete(f"{key}:lock")
    return context
