"""The one way a proposal changes state.

Every action follows the recipe: check the state and the actor against the workflow table,
lock the row, validate, save with ``update_fields``, write an audit row, and notify the next
actors after commit. Action-specific services pass a ``change`` callback that validates and
sets the fields the action records (and returns their names).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.models import Role, User
from khuyencong.notifications import Text, notify, official
from proposals.models import Proposal, State
from proposals.permissions import can_take
from proposals.workflow import transition

Change = Callable[[Proposal], Iterable[str]]


def next_actors(proposal: Proposal) -> list[User]:
    """Who must act (or be told) once ``proposal`` reaches its current state."""
    active = User.objects.filter(is_active=True)
    owners = list(active.filter(role=Role.FACILITY, facility_id=proposal.facility_id))
    officers = list(active.filter(role=Role.DISTRICT, locality_id=proposal.locality_id))
    dit = list(active.filter(role=Role.DIT))
    by_state: dict[str, list[User]] = {
        State.SUBMITTED: officers,
        State.RETURNED: owners + officers,
        State.FORWARDED: dit + owners,
        # The council members of the round just started score next.
        State.UNDER_APPRAISAL: owners
        + list(
            active.filter(
                appraisals__proposal=proposal,
                appraisals__concluded_at__isnull=True,
                appraisals__closed_at__isnull=True,
            )
        ),
        State.APPRAISED: list(active.filter(role=Role.LEADER)) + owners,
        State.APPROVED: owners + officers + dit + list(active.filter(role=Role.FINANCE)),
        State.REJECTED: owners + officers,
        State.IN_PROGRESS: owners,
        State.ACCEPTED: owners + list(active.filter(role=Role.FINANCE)),
        State.SETTLED: owners + dit,
        State.WITHDRAWN: officers + (dit if proposal.submitted_at else []),
        State.CANCELLED: owners + dit + list(active.filter(role=Role.FINANCE)),
    }
    return by_state.get(proposal.state, [])


def run_transition(
    *,
    proposal: Proposal,
    actor: User,
    action: str,
    change: Change | None = None,
    note: str | Text = "",
    extra_recipients: Iterable[User] = (),
) -> Proposal:
    """Take ``action`` on ``proposal`` as ``actor``; raise ``ServiceError`` if refused.

    ``note`` is the person's own words, or a callable (``lambda: _(...) % {...}``) for a note
    the portal writes: the audit row (the dossier's history, read by every role) and the
    notification record it in the official language (see ``khuyencong.notifications``).

    The row is locked first, so of two concurrent actions on one proposal the second sees the
    state the first left and is refused with a message instead of overwriting it.
    """
    note_text = official(note) if callable(note) else note
    with transaction.atomic():
        locked = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("facility")
            .get(pk=proposal.pk)
        )
        allowed, reason = can_take(actor, locked, action)
        if not allowed:
            raise ServiceError(reason)
        # can_take has checked that the configured level's table has the action.
        t = transition(action)
        source = locked.state
        changed = set(change(locked)) if change else set()
        now = timezone.now()
        locked.state = t.target
        locked.state_changed_at = now
        locked.updated_at = now
        fields = sorted(changed | {"state", "state_changed_at", "updated_at"})
        before = {"state": source}
        locked.save(update_fields=fields)
        audit.record(
            actor=actor,
            action=f"proposal.{action}",
            obj=locked,
            before=before,
            after=audit.snapshot(locked, [f for f in fields if f != "updated_at"]),
            note=note_text,
        )
        recipients = [u for u in [*next_actors(locked), *extra_recipients] if u.pk != actor.pk]
        if recipients:
            notify(
                recipients=recipients,
                subject=lambda: (
                    _("Đề án %(code)s: %(action)s")
                    % {"code": locked.code or locked.title, "action": str(t.label).lower()}
                ),
                body=lambda: (
                    _("Trạng thái mới: %(state)s.%(note)s")
                    % {
                        "state": locked.get_state_display(),
                        "note": f"\n{note_text}" if note_text else "",
                    }
                ),
                url=reverse("proposals:proposal_detail", args=[locked.pk]),
            )
    proposal.refresh_from_db()
    return locked
