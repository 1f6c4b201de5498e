from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budgets import services
from budgets.forms import AllocationForm, RefuseForm
from budgets.models import Allocation, Appropriation
from budgets.permissions import can_decide, can_propose_allocation, can_view_budget
from budgets.selectors import FUNDABLE_STATES, fundable_proposals
from budgets.views.common import plan_year_param, require
from khuyencong.exceptions import ServiceError
from khuyencong.forms_money import MoneyField
from khuyencong.lib.money import format_vnd
from khuyencong.pagination import paginate
from proposals.models import Proposal

PAGE_SIZE = 50


def _appropriations_for(proposal: Proposal, appropriations: list[Appropriation]) -> list:
    return [
        a
        for a in appropriations
        if a.plan_year == proposal.plan_year and a.fund_source_id == proposal.fund_source_id
    ]


@login_required
def allocation_board(request: HttpRequest) -> HttpResponse:
    """One screen: proposals not yet fully funded and the appropriations that can fund them."""
    require(can_view_budget(request.user))
    return _board(request)


def _board(
    request: HttpRequest, failed: Proposal | None = None, failed_form: AllocationForm | None = None
) -> HttpResponse:
    # One plan year at a time (an allocation funds a proposal of its appropriation's year), one
    # page of proposals (a grouped join over that year only, capped count): the board never
    # groups every year's proposals. The year's appropriations (one per fund) are shown whole.
    year = failed.plan_year if failed is not None else plan_year_param(request)
    page = paginate(request.GET, fundable_proposals(year), PAGE_SIZE)
    appropriations = list(
        Appropriation.objects.filter(plan_year=year).with_figures().select_related("fund_source")
    )
    rows = []
    for proposal in page.object_list:
        choices = _appropriations_for(proposal, appropriations)
        if failed is not None and failed.pk == proposal.pk and failed_form is not None:
            form = failed_form
        else:
            form = AllocationForm(
                prefix=f"p{proposal.pk}",
                initial={
                    "appropriation": choices[0].pk if len(choices) == 1 else None,
                    "amount": format_vnd(
                        proposal.approved_amount - proposal.allocated_recorded, suffix=False
                    ),
                },
            )
        form.fields["appropriation"].choices = [("", "---------")] + [
            (a.pk, f"{a} · {_('còn')} {format_vnd(a.remaining)}") for a in choices
        ]
        rows.append(
            {
                "proposal": proposal,
                "form": form,
                "appropriations": choices,
                "missing": proposal.approved_amount - proposal.allocated_recorded,
            }
        )
    return render(
        request,
        "budgets/allocation_board.html",
        {
            "rows": rows,
            "page": page,
            "year": year,
            "appropriations": appropriations,
            "can_propose": can_propose_allocation(request.user)[0],
        },
        status=400 if failed is not None else 200,
    )


@require_POST
@login_required
def allocation_propose(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    require(can_propose_allocation(request.user))
    proposal = get_object_or_404(Proposal.objects.filter(state__in=FUNDABLE_STATES), pk=proposal_pk)
    form = AllocationForm(
        request.POST,
        prefix=f"p{proposal.pk}",
        appropriations=Appropriation.objects.filter(
            plan_year=proposal.plan_year, fund_source_id=proposal.fund_source_id
        ),
    )
    if form.is_valid():
        try:
            allocation = services.allocation_propose(
                appropriation=form.cleaned_data["appropriation"],
                proposal=proposal,
                amount=form.cleaned_data["amount"],
                actor=request.user,
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Đã đề xuất phân bổ %(amount)s cho %(code)s; chờ Sở Tài chính xác nhận.")
                % {
                    "amount": format_vnd(allocation.amount),
                    "code": proposal.code,
                },
            )
            return redirect(
                f"{reverse('budgets:allocation_board')}?{urlencode({'year': proposal.plan_year})}"
            )
    for error in form.non_field_errors():
        messages.error(request, error)
    return _board(request, failed=proposal, failed_form=form)


@login_required
def allocation_preview(request: HttpRequest) -> HttpResponse:
    """htmx partial: the typed amount in words and what would remain of the appropriation."""
    require(can_view_budget(request.user))
    field = MoneyField(required=False)
    amount = None
    error = ""
    raw = next((v for k, v in request.GET.items() if k.endswith("amount")), "")
    try:
        amount = field.clean(raw)
    except ValidationError as exc:  # shown, never a 500
        error = " ".join(exc.messages)
    appropriation_id = next(
        (
            v
            for k, v in request.GET.items()
            if k.endswith("appropriation") and v.isdecimal() and len(v) < 10
        ),
        None,
    )
    appropriation = (
        Appropriation.objects.with_figures().filter(pk=appropriation_id).first()
        if appropriation_id
        else None
    )
    after = None
    if appropriation is not None and amount is not None:
        after = appropriation.remaining - amount
    return render(
        request,
        "budgets/_preview.html",
        {"amount": amount, "error": error, "appropriation": appropriation, "after": after},
    )


@login_required
def allocation_review(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_view_budget(request.user))
    allocation = get_object_or_404(
        Allocation.objects.select_related(
            "proposal__facility", "appropriation__fund_source", "proposed_by", "confirmed_by"
        ),
        pk=pk,
    )
    return _review(request, allocation, RefuseForm())


def _review(
    request: HttpRequest, allocation: Allocation, form: RefuseForm, status: int = 200
) -> HttpResponse:
    appropriation = Appropriation.objects.with_figures().get(pk=allocation.appropriation_id)
    return render(
        request,
        "budgets/allocation_review.html",
        {
            "allocation": allocation,
            "appropriation": appropriation,
            "proposal": allocation.proposal,
            "decision": can_decide(request.user, allocation),
            "form": form,
        },
        status=status,
    )


@require_POST
@login_required
def allocation_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    # Who may not see the money pages gets 403 before the lookup: a 404 for unknown ids and a
    # 403 for real ones would tell them which allocations exist.
    require(can_view_budget(request.user))
    allocation = get_object_or_404(Allocation, pk=pk)
    require(can_decide(request.user, allocation))
    try:
        services.allocation_confirm(allocation=allocation, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xác nhận phân bổ."))
    return redirect("budgets:allocation_review", pk)


@require_POST
@login_required
def allocation_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_view_budget(request.user))  # before the lookup, as in allocation_confirm
    allocation = get_object_or_404(
        Allocation.objects.select_related("proposal__facility", "appropriation__fund_source"),
        pk=pk,
    )
    require(can_decide(request.user, allocation))
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.allocation_refuse(
                allocation=allocation, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã từ chối phân bổ."))
        return redirect("budgets:allocation_review", pk)
    return _review(request, allocation, form, status=400)
