"""What the viewer may do on a proposal page now: the review actions with their forms.

``review_context`` feeds ``templates/proposals/proposal/_actions.html``; ``ACTIONS`` is the
registry the POST view (``proposal_act``) uses, so page and view cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.catalogue.models import LegalBasis
from khuyencong.exceptions import ServiceError
from khuyencong.lib.money import format_vnd
from khuyencong.models import Role, User
from proposals.caps import facility_year_use
from proposals.deadlines import DeadlineCalendar
from proposals.diff import return_pair
from proposals.forms.review import (
    ApproveForm,
    ConcludeForm,
    ForwardForm,
    ReasonForm,
    StartAppraisalForm,
)
from proposals.models import Appraisal, Proposal, ScoreSheet
from proposals.permissions import can_take, can_view_sheets
from proposals.services.appraisal import appraisal_conclude, appraisal_start
from proposals.services.review import (
    approval_maximum,
    proposal_approve,
    proposal_forward,
    proposal_reject,
    proposal_request_info,
    proposal_return,
)
from proposals.workflow import Action, table

Runner = Callable[[Proposal, User, dict[str, Any]], object]


@dataclass(frozen=True)
class ActionSpec:
    action: str
    form: type[forms.Form]
    run: Runner
    success: Any
    style: str = "primary"


ACTIONS: dict[str, ActionSpec] = {
    spec.action: spec
    for spec in [
        ActionSpec(
            Action.FORWARD,
            ForwardForm,
            lambda p, u, d: proposal_forward(
                proposal=p, actor=u, opinion=d["opinion"], priority=d["priority"]
            ),
            gettext_lazy("Đã chuyển đề án lên Sở Công Thương."),
        ),
        ActionSpec(
            Action.RETURN,
            ReasonForm,
            lambda p, u, d: proposal_return(proposal=p, actor=u, reason=d["reason"]),
            gettext_lazy("Đã trả lại đề án để cơ sở bổ sung."),
            "warning",
        ),
        ActionSpec(
            Action.REQUEST_INFO,
            ReasonForm,
            lambda p, u, d: proposal_request_info(proposal=p, actor=u, reason=d["reason"]),
            gettext_lazy("Đã yêu cầu cơ sở bổ sung thông tin."),
            "warning",
        ),
        ActionSpec(
            Action.START_APPRAISAL,
            StartAppraisalForm,
            lambda p, u, d: appraisal_start(proposal=p, actor=u, members=d["members"]),
            gettext_lazy("Đã đưa đề án ra hội đồng thẩm định."),
        ),
        ActionSpec(
            Action.CONCLUDE_APPRAISAL,
            ConcludeForm,
            lambda p, u, d: appraisal_conclude(
                proposal=p, actor=u, recommended_amount=d["recommended_amount"]
            ),
            gettext_lazy("Đã kết thúc thẩm định."),
        ),
        ActionSpec(
            Action.APPROVE,
            ApproveForm,
            lambda p, u, d: proposal_approve(
                proposal=p,
                actor=u,
                approved_amount=d["approved_amount"],
                plan_year=d["plan_year"],
                decision_number=d["decision_number"],
                decision_date=d["decision_date"],
            ),
            gettext_lazy("Đã phê duyệt đề án."),
            "success",
        ),
        ActionSpec(
            Action.REJECT,
            ReasonForm,
            lambda p, u, d: proposal_reject(proposal=p, actor=u, reason=d["reason"]),
            gettext_lazy("Đã không chấp thuận đề án."),
            "danger",
        ),
    ]
}


def _initial(action: str, proposal: Proposal) -> dict[str, Any]:
    if action == Action.CONCLUDE_APPRAISAL:
        return {"recommended_amount": proposal.requested_support}
    if action == Action.APPROVE:
        return {
            "approved_amount": proposal.recommended_amount,
            "plan_year": proposal.plan_year,
            "decision_date": timezone.localdate(),
        }
    return {}


def precondition(action: str, proposal: Proposal, sheets: list[ScoreSheet]) -> str:
    """Why an action the table allows cannot succeed yet ("" when it can)."""
    if action == Action.CONCLUDE_APPRAISAL:
        missing = [s.member for s in sheets if s.submitted_at is None]
        if missing:
            return _("Còn thiếu phiếu chấm của %(names)s.") % {
                "names": ", ".join(str(m) for m in missing)
            }
    return ""


def appraisal_context(user: User, proposal: Proposal) -> dict[str, Any]:
    appraisal = (
        Appraisal.objects.filter(proposal=proposal, closed_at__isnull=True)
        .prefetch_related("sheets__member", "sheets__scores__criterion")
        .order_by("-started_at", "-id")
        .first()
    )
    if appraisal is None:
        return {"appraisal": None, "sheets": []}
    sheets = list(appraisal.sheets.all())
    own = next((s for s in sheets if s.member_id == user.pk), None)
    visible, reason = can_view_sheets(user, appraisal, own)
    return {
        "appraisal": appraisal,
        "sheets": sheets,
        "own_sheet": own,
        "sheets_visible": visible,
        "sheets_reason": reason,
        "submitted_count": sum(1 for s in sheets if s.submitted_at),
    }


def _cite_legal_bases(available: list[dict[str, Any]]) -> None:
    """Give each offered action the legal bases it rests on (``LegalBasis.cited_in`` holds
    "|approve|"), unverified ones marked, in one query for the page."""
    if not available:
        return
    bases = list(LegalBasis.objects.filter(is_active=True).exclude(cited_in=""))
    for entry in available:
        entry["bases"] = [b for b in bases if f"|{entry['action']}|" in b.cited_in]


def review_context(
    user: User, proposal: Proposal, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    """Everything ``_actions.html`` shows: available actions with forms, missing ones with
    reasons, the council's sheets as far as the viewer may see them, the diff link."""
    bound = bound or {}
    appraisal = appraisal_context(user, proposal)
    available: list[dict[str, Any]] = []
    unavailable: list[dict[str, Any]] = []
    transitions = table()
    for action, spec in ACTIONS.items():
        t = transitions.get(action)
        if t is None:
            continue
        # Only actions the viewer's role could ever take: a facility is not told why it
        # cannot approve.
        if not any(user.role in roles for roles in t.roles.values()):
            continue
        if proposal.state not in t.sources:
            continue
        allowed, reason = can_take(user, proposal, action)
        if allowed:
            reason = precondition(action, proposal, appraisal["sheets"])
            allowed = not reason
        entry = {"action": action, "label": t.label, "requires": t.requires, "reason": reason}
        if not allowed:
            unavailable.append(entry)
            continue
        form = bound.get(action) or spec.form(initial=_initial(action, proposal), prefix=action)
        entry.update(
            form=form,
            style=spec.style,
            url=reverse("proposals:proposal_act", args=[proposal.pk, action]),
        )
        if action == Action.APPROVE:
            try:
                maximum, explain = approval_maximum(proposal)
                entry["hint"] = _("%(explain)s. Tối đa được phê duyệt: %(max)s.") % {
                    "explain": explain,
                    "max": format_vnd(maximum),
                }
            except ServiceError as error:
                entry["hint"] = error.message
        if action in (Action.APPROVE, Action.CONCLUDE_APPRAISAL):
            use = facility_year_use(proposal)
            if use is not None:
                entry["hint"] = " ".join(filter(None, [entry.get("hint", ""), use.describe()]))
        available.append(entry)
    _cite_legal_bases(available)
    pair = return_pair(proposal) if user.role != Role.FACILITY else None
    # Which steps have a limit is data (``StepDeadline``): the calendar answers None for others.
    deadline = DeadlineCalendar().for_proposal(proposal) if user.role != Role.FACILITY else None
    return {
        "deadline": deadline,
        "available": available,
        "unavailable": unavailable,
        "changes_url": reverse("proposals:proposal_changes", args=[proposal.pk]) if pair else "",
        **appraisal,
    }
