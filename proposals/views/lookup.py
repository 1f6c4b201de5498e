"""Public dossier lookup: code + tax number → current step and dates of past steps.

A wrong pair and an unknown code get the same answer, and attempts are rate-limited per IP,
so the page cannot be used to learn which codes exist or which facility owns one.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from khuyencong.audit_labels import action_label
from khuyencong.models import AuditLog
from proposals.deadlines import DeadlineCalendar
from proposals.forms.submission import LookupForm
from proposals.models import Proposal, State
from proposals.steps import current_step
from proposals.workflow import TRANSITIONS

STEP_ACTIONS = [f"proposal.{name}" for name in TRANSITIONS]


def _rate(group: str, request: HttpRequest) -> str:
    return settings.LOOKUP_RATE


def _find(code: str, tax_code: str) -> Proposal | None:
    if not code or not tax_code:
        return None
    return (
        Proposal.objects.exclude(state=State.DRAFT)
        .filter(code=code, facility__tax_code=tax_code)
        .first()
    )


@ratelimit(key="ip", rate=_rate, method="POST", block=False)
def dossier_lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.POST or None)
    context: dict = {"form": form, "searched": False}
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            context["limited"] = _(
                "Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."
            )
            return render(request, "proposals/submission/lookup.html", context, status=429)
        if form.is_valid():
            context["searched"] = True
            proposal = _find(form.cleaned_data["code"], form.cleaned_data["tax_code"])
            if proposal is not None:
                steps = (
                    AuditLog.objects.for_object(proposal)
                    .filter(action__in=STEP_ACTIONS)
                    .order_by("created_at", "id")
                    .values_list("action", "created_at")
                )
                context["result"] = {
                    "code": proposal.code,
                    "state": proposal.get_state_display(),
                    "step": current_step(proposal.state),
                    "steps": [{"label": action_label(a), "at": at} for a, at in steps],
                    "deadline": DeadlineCalendar().for_proposal(proposal),
                }
        else:
            status = 400
    return render(request, "proposals/submission/lookup.html", context, status=status)
