from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budgets import services
from budgets.forms import AdjustmentForm, AppropriationForm
from budgets.models import Appropriation
from budgets.permissions import can_manage_appropriations, can_view_budget
from budgets.views.common import require
from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog
from khuyencong.pagination import paginate

PAGE_SIZE = 50


@login_required
def appropriation_list(request: HttpRequest) -> HttpResponse:
    require(can_view_budget(request.user))
    form = AppropriationForm()
    if request.method == "POST":
        require(can_manage_appropriations(request.user))
        form = AppropriationForm(request.POST)
        if form.is_valid():
            try:
                appropriation = services.appropriation_create(
                    actor=request.user, **form.cleaned_data
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã nhập dự toán %(a)s.") % {"a": appropriation})
                return redirect("budgets:appropriation_detail", appropriation.pk)
    appropriations = (
        Appropriation.objects.with_figures()
        .select_related("fund_source")
        .order_by("-plan_year", "fund_source", "id")
    )
    page = paginate(request.GET, appropriations, PAGE_SIZE)
    return render(
        request,
        "budgets/appropriation_list.html",
        {
            "appropriations": page.object_list,
            "page": page,
            "form": form,
            "can_manage": can_manage_appropriations(request.user)[0],
        },
        status=400 if form.errors else 200,
    )


@login_required
def appropriation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_view_budget(request.user))
    appropriation = get_object_or_404(
        Appropriation.objects.with_figures().select_related("fund_source", "created_by"), pk=pk
    )
    return _detail(request, appropriation, AdjustmentForm())


def _detail(
    request: HttpRequest, appropriation: Appropriation, form: AdjustmentForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "budgets/appropriation_detail.html",
        {
            "appropriation": appropriation,
            "adjustments": appropriation.adjustments.select_related("created_by"),
            "allocations": appropriation.allocations.select_related(
                "proposal__facility", "proposed_by"
            ),
            "history": AuditLog.objects.for_object(appropriation),
            "form": form,
            "can_manage": can_manage_appropriations(request.user)[0],
        },
        status=status,
    )


@require_POST
@login_required
def appropriation_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_manage_appropriations(request.user))
    appropriation = get_object_or_404(Appropriation, pk=pk)
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        try:
            services.appropriation_adjust(
                appropriation=appropriation, actor=request.user, **form.service_data()
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã ghi điều chỉnh dự toán."))
            return redirect("budgets:appropriation_detail", pk)
    fresh = Appropriation.objects.with_figures().select_related("fund_source").get(pk=pk)
    return _detail(request, fresh, form, status=400)
