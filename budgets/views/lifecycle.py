"""Pages of the proposal steps that have a money side: acceptance, cancellation, the decision
on a change request. Thin views over ``budgets.services.lifecycle``, which calls the proposal
step and does the money part in one transaction; the forms and templates are the monitoring
ones (a higher app may use a lower app's pieces, never the reverse)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budgets.services import lifecycle as services
from budgets.services.recovery import paid_figures
from khuyencong.exceptions import ServiceError
from khuyencong.lib.money import format_vnd
from khuyencong.models import Role, User
from proposals.models import Acceptance, Proposal
from proposals.monitoring import views as monitoring
from proposals.monitoring.forms import AcceptanceForm, CancelForm, DecisionForm
from proposals.monitoring.permissions import can_decide_change
from proposals.monitoring.selectors import allocation_available
from proposals.monitoring.services import changes
from proposals.permissions import can_take
from proposals.views.proposals import get_proposal_for_user
from proposals.workflow import Action


def _require_role(user: User, *roles: str) -> None:
    """A visible proposal, but a page the role has no business with: 403."""
    if user.role not in roles:
        raise PermissionDenied


def _refuse(request: HttpRequest, proposal: Proposal, reason: str) -> HttpResponse:
    messages.error(request, reason)
    return redirect("proposals:proposal_detail", pk=proposal.pk)


@login_required
def acceptance_create(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    _require_role(request.user, Role.DIT)
    allowed, reason = can_take(request.user, proposal, Action.ACCEPT)
    if not allowed:
        return _refuse(request, proposal, reason)
    form = AcceptanceForm(
        request.POST or None, request.FILES or None, lines=list(proposal.lines.all())
    )
    if request.method == "POST" and form.is_valid():
        try:
            acceptance, owed = services.proposal_accept(
                proposal=proposal,
                actor=request.user,
                data=form.acceptance_input(),
                minutes=form.cleaned_data["minutes"],
                invoices=form.cleaned_data["invoices"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            if acceptance.result == Acceptance.Result.FAIL:
                messages.warning(
                    request, _("Đã ghi nhận nghiệm thu không đạt; đề án vẫn đang thực hiện.")
                )
            else:
                messages.success(request, _("Đã nghiệm thu đề án."))
            if owed:
                messages.warning(
                    request,
                    _(
                        "Kinh phí khuyến công được nghiệm thu (%(accepted)s) thấp hơn số đã giải "
                        "ngân: cần thu hồi tạm ứng %(owed)s trước khi quyết toán."
                    )
                    % {
                        "accepted": format_vnd(acceptance.accepted_support),
                        "owed": format_vnd(owed),
                    },
                )
            return redirect("proposals:proposal_detail", pk=proposal.pk)
    return render(
        request,
        "proposals/monitoring/acceptance.html",
        {"proposal": proposal, "form": form, "allocation": allocation_available(proposal)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def proposal_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    _require_role(request.user, Role.LEADER)
    allowed, reason = can_take(request.user, proposal, Action.CANCEL)
    if not allowed:
        return _refuse(request, proposal, reason)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _locked, released = services.proposal_cancel(
                proposal=proposal, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Đã hủy đề án; hoàn trả %(amount)s kinh phí phân bổ chưa sử dụng.")
                % {"amount": format_vnd(released)},
            )
            return redirect("proposals:proposal_detail", pk=proposal.pk)
    return render(
        request,
        "proposals/monitoring/cancel.html",
        {
            "proposal": proposal,
            "form": form,
            "allocation": allocation_available(proposal),
            "disbursed": paid_figures(proposal_id=proposal.pk).paid,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def change_request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    change = monitoring._get_change_for_user(request.user, pk)
    _require_role(request.user, Role.DIT)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        allowed, reason = can_decide_change(request.user, change)
        return render(
            request,
            "proposals/monitoring/change_detail.html",
            {
                "change": change,
                "proposal": change.proposal,
                "diff": monitoring._diff_rows(change),
                "can_decide": allowed,
                "decide_reason": reason,
                "form": form,
                "files": list(change.files.all()),
            },
            status=400,
        )
    try:
        if form.cleaned_data["decision"] == "approve":
            change = services.change_request_approve(
                change_request=change, actor=request.user, note=form.cleaned_data["note"]
            )
            messages.success(
                request,
                _("Đã chấp thuận điều chỉnh; hoàn trả %(amount)s kinh phí phân bổ.")
                % {"amount": format_vnd(change.released)},
            )
        else:
            changes.change_request_refuse(
                change_request=change, actor=request.user, note=form.cleaned_data["note"]
            )
            messages.success(request, _("Đã không chấp thuận đề nghị điều chỉnh."))
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("proposals:change_request_detail", pk=change.pk)
