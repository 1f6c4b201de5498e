from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from khuyencong.models import AuditLog, User
from proposals.models import Proposal
from proposals.monitoring import views as monitoring_views
from proposals.views.actions import review_context
from proposals.views.submission_context import submission_context


def get_proposal_for_user(user: User, pk: int) -> Proposal:
    """The proposal if ``user`` may see it; 404 otherwise (no hint that it exists)."""
    return get_object_or_404(
        Proposal.objects.visible_to(user).select_related(
            "facility__locality", "activity_type__group", "fund_source"
        ),
        pk=pk,
    )


def detail_response(
    request: HttpRequest,
    proposal: Proposal,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The whole proposal page; ``bound`` holds a refused action's form, shown in the action box.

    A refused action re-renders everything the page shows (cost lines, documents, monitoring,
    history), not only the action box: the user corrects the form with the dossier in view.
    """
    timeline = AuditLog.objects.for_object(proposal).select_related("actor")
    return render(
        request,
        "proposals/proposal/detail.html",
        {
            "proposal": proposal,
            "timeline": timeline,
            "monitoring": monitoring_views.monitoring_panel(request.user, proposal),
            **submission_context(request.user, proposal),
            "review": review_context(request.user, proposal, bound),
        },
        status=status,
    )


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return detail_response(request, get_proposal_for_user(request.user, pk))
