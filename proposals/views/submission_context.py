"""What the proposal page shows of the đề án (shared by the page and the edit form)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from khuyencong.models import Role, User
from proposals.deadlines import DeadlineCalendar
from proposals.models import Proposal
from proposals.permissions import can_edit, can_take
from proposals.steps import current_step
from proposals.support import support_check
from proposals.workflow import Action


def submission_context(user: User, proposal: Proposal) -> dict[str, Any]:
    """What the proposal page shows of the đề án: lines, files, the rule, the owner's actions."""
    attachments = list(proposal.attachments.select_related("replaced_by", "revision", "removed_by"))
    editable, edit_reason = can_edit(user, proposal)
    context: dict[str, Any] = {
        "lines": list(proposal.lines.select_related("category")),
        "current_attachments": [a for a in attachments if a.is_current],
        "old_attachments": [a for a in attachments if not a.is_current],
        "check": support_check(proposal),
        "editable": editable,
        "edit_reason": edit_reason,
        "current_step": current_step(proposal.state),
        # Every party sees the step's due date in working days, as officers do.
        "deadline": DeadlineCalendar().for_proposal(proposal),
        "upload_max_mb": settings.UPLOAD_MAX_BYTES // 1024 // 1024,
        "is_owner": user.role == Role.FACILITY and user.facility_id == proposal.facility_id,
    }
    context["can_submit"] = can_take(user, proposal, Action.SUBMIT)[0]
    context["can_withdraw"] = can_take(user, proposal, Action.WITHDRAW)[0]
    return context
