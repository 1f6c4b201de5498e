"""The annual plan's approval: submit (DIT), approve or return (leader). Thin views over
``reports.services.plan_approval``; the plan page (``reports.views.plan``) shows the panel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from khuyencong.exceptions import ServiceError
from reports import permissions
from reports.forms import PlanApproveForm, PlanReturnForm, YearForm
from reports.models import PlanApproval
from reports.services import plan_approval

# The approved plan's two documents, built by the worker like every large document.
PLAN_FORMATS = [("pdf", _lazy("Tải kế hoạch (PDF)")), ("xlsx", _lazy("Tải kế hoạch (Excel)"))]


def _back(year: int) -> HttpResponse:
    return redirect(f"{reverse('reports:plan')}?year={year}")


@require_POST
@login_required
def plan_submit(request: HttpRequest) -> HttpResponse:
    allowed, reason = permissions.can_submit_plan(request.user)
    if not allowed:
        raise PermissionDenied(reason)
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Năm kế hoạch không hợp lệ."))
        return redirect("reports:plan")
    year = form.cleaned_data["year"]
    try:
        plan_approval.plan_submit(year=year, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã trình lãnh đạo kế hoạch năm %(year)s.") % {"year": year})
    return _back(year)


def _decided(request: HttpRequest, pk: int) -> PlanApproval:
    allowed, reason = permissions.can_decide_plan(request.user)
    if not allowed:
        raise PermissionDenied(reason)
    return get_object_or_404(PlanApproval, pk=pk)


@require_POST
@login_required
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    approval = _decided(request, pk)
    form = PlanApproveForm(request.POST)
    if form.is_valid():
        try:
            plan_approval.plan_approve(
                approval_id=approval.pk,
                actor=request.user,
                decision_number=form.cleaned_data["decision_number"],
                decision_date=form.cleaned_data["decision_date"],
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Đã phê duyệt kế hoạch năm %(year)s.") % {"year": approval.year}
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return _back(approval.year)


@require_POST
@login_required
def plan_return(request: HttpRequest, pk: int) -> HttpResponse:
    approval = _decided(request, pk)
    form = PlanReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(_("Vui lòng nêu lý do trả lại kế hoạch."))
        plan_approval.plan_return(
            approval_id=approval.pk, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Đã trả lại kế hoạch năm %(year)s.") % {"year": approval.year}
        )
    return _back(approval.year)
