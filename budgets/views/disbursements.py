from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budgets import services
from budgets.forms import DisbursementForm, RefuseForm
from budgets.models import Allocation, Disbursement
from budgets.permissions import can_decide, can_record_disbursement, can_view_budget
from budgets.services.recovery import paid_figures, recovery_owed
from budgets.views.common import require
from khuyencong.exceptions import ServiceError


@login_required
def disbursement_record(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_view_budget(request.user))
    allocation = get_object_or_404(
        Allocation.objects.select_related("proposal__facility", "appropriation__fund_source"),
        pk=pk,
    )
    require(can_record_disbursement(request.user, allocation))
    form = DisbursementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.disbursement_record(
                allocation=allocation, actor=request.user, **form.cleaned_data
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            if form.cleaned_data["kind"] == Disbursement.Kind.RECOVERY:
                messages.success(
                    request, _("Đã ghi nhận thu hồi tạm ứng; chờ Sở Tài chính xác nhận.")
                )
            else:
                messages.success(request, _("Đã ghi nhận giải ngân; chờ Sở Tài chính xác nhận."))
            return redirect("budgets:money_history", allocation.proposal_id)
    disbursed = Disbursement.objects.filter(allocation=allocation).counting()
    net = allocation.amount - allocation.released
    figures = paid_figures(allocation_id=allocation.pk)
    return render(
        request,
        "budgets/disbursement_form.html",
        {
            "allocation": allocation,
            "proposal": allocation.proposal,
            "form": form,
            "net": net,
            "disbursed": disbursed.total(),
            "advance_ceiling": services.advance_ceiling(net),
            "advanced": disbursed.filter(kind=Disbursement.Kind.ADVANCE).total(),
            "recovered": figures.recovered_counting,
            "owed": recovery_owed(allocation.proposal),
            "accepted_support": allocation.proposal.accepted_support,
        },
        status=400 if form.errors else 200,
    )


def _get(pk: int) -> Disbursement:
    return get_object_or_404(
        Disbursement.objects.select_related(
            "allocation__proposal__facility",
            "allocation__appropriation__fund_source",
            "recorded_by",
            "confirmed_by",
        ),
        pk=pk,
    )


@login_required
def disbursement_review(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_view_budget(request.user))
    return _review(request, _get(pk), RefuseForm())


def _review(
    request: HttpRequest, disbursement: Disbursement, form: RefuseForm, status: int = 200
) -> HttpResponse:
    allocation = disbursement.allocation
    return render(
        request,
        "budgets/disbursement_review.html",
        {
            "disbursement": disbursement,
            "allocation": allocation,
            "proposal": allocation.proposal,
            "net": allocation.amount - allocation.released,
            "confirmed": Disbursement.objects.filter(allocation=allocation).confirmed().total(),
            "decision": can_decide(request.user, disbursement),
            "form": form,
        },
        status=status,
    )


@require_POST
@login_required
def disbursement_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    # 403 before the lookup for who may not see the money pages: no existence oracle.
    require(can_view_budget(request.user))
    disbursement = _get(pk)
    require(can_decide(request.user, disbursement))
    try:
        services.disbursement_confirm(disbursement=disbursement, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xác nhận giải ngân."))
    return redirect("budgets:disbursement_review", pk)


@require_POST
@login_required
def disbursement_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_view_budget(request.user))  # before the lookup, as in disbursement_confirm
    disbursement = _get(pk)
    require(can_decide(request.user, disbursement))
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.disbursement_refuse(
                disbursement=disbursement, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã từ chối giải ngân."))
        return redirect("budgets:disbursement_review", pk)
    return _review(request, disbursement, form, status=400)
