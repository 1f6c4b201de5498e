"""Deleting a draft the facility never submitted: soft (the row stays, hidden from the facility)
and audited, so nothing that ever existed disappears from the portal's records."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.models import User
from proposals.models import Proposal
from proposals.permissions import can_delete_draft


@transaction.atomic
def proposal_draft_delete(*, actor: User, proposal: Proposal) -> Proposal:
    """Hide a never-submitted draft from its facility (sets ``deleted_at``/``deleted_by``).

    Raises ``ServiceError`` when ``actor`` is not the draft's facility owner, when the proposal
    was ever submitted (it has a dossier code, or is no longer a draft), or when it is already
    deleted.
    """
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    allowed, reason = can_delete_draft(actor, locked)
    if not allowed:
        raise ServiceError(reason)
    if locked.deleted_at is not None:
        raise ServiceError(_("Bản nháp này đã được xóa."))
    locked.deleted_at = timezone.now()
    locked.deleted_by = actor
    locked.save(update_fields=["deleted_at", "deleted_by"])
    audit.record(
        actor=actor,
        action="proposal.draft_delete",
        obj=locked,
        before={"deleted_at": None},
        after=audit.snapshot(locked, ["deleted_at", "deleted_by"]),
    )
    return locked
