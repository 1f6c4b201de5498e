"""Deleting a never-submitted draft (POST only; the edit page asks for confirmation)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.exceptions import ServiceError
from proposals.permissions import can_delete_draft
from proposals.services.drafts import proposal_draft_delete
from proposals.views.proposals import get_proposal_for_user
from proposals.views.submission import forbidden


@require_POST
@login_required
def proposal_draft_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    allowed, reason = can_delete_draft(request.user, proposal)
    if not allowed:
        return forbidden(request, reason)
    try:
        proposal_draft_delete(actor=request.user, proposal=proposal)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("proposals:proposal_edit", pk=proposal.pk)
    messages.success(request, _("Đã xóa bản nháp “%(title)s”.") % {"title": proposal.title})
    return redirect("proposals:my_proposals")
