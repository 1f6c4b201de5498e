"""The budget home, reconciliation, a proposal's money history and its settlement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from budgets import selectors, services
from budgets.forms import SettlementForm
from budgets.models import Allocation, Disbursement, Settlement
from budgets.permissions import HOME_ROLES, can_settle, can_view_budget
from budgets.services.recovery import paid_figures, recovery_owed
from budgets.views.common import require, year_and_fund
from khuyencong.decorators import role_required
from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog, Role
from khuyencong.pagination import paginate
from proposals.views.proposals import get_proposal_for_user

SHOWN = 20
PAGE_SIZE = 50
MISMATCHES_SHOWN = 50


def _first(queryset: QuerySet) -> dict[str, object]:
    rows = list(queryset[: SHOWN + 1])
    return {"rows": rows[:SHOWN], "more": len(rows) > SHOWN}


@role_required(*HOME_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    """What waits for Finance, and the year's money at a glance."""
    year, _fund, _funds = year_and_fund(request)
    district = request.user.role == Role.DISTRICT
    context = {
        "year": year,
        "figures": selectors.year_figures(
            year, locality=request.user.locality if district else None
        ),
        "district": district,
    }
    if not district:
        # The oldest first and at most SHOWN of each: the home page stays one screen (and one
        # query per list) however many items wait; the full lists are on their own pages.
        context.update(
            pending_allocations=_first(
                selectors.pending_allocations().order_by("proposed_at", "id")
            ),
            pending_disbursements=_first(
                selectors.pending_disbursements().order_by("recorded_at", "id")
            ),
            to_settle=_first(selectors.to_settle().order_by("state_changed_at", "id")),
            stale_cutoff=selectors.stale_cutoff(),
            shown=SHOWN,
        )
    return render(request, "budgets/home.html", context)


@login_required
def reconciliation(request: HttpRequest) -> HttpResponse:
    require(can_view_budget(request.user))
    year, fund, funds = year_and_fund(request)
    # One page of proposals and the first mismatches, their money from two grouped queries.
    page = paginate(
        request.GET, selectors.reconciliation_proposals(year, fund), PAGE_SIZE, counted=False
    )
    mismatches = list(selectors.mismatched_proposals(year, fund)[: MISMATCHES_SHOWN + 1])
    selectors.attach_money([*page.object_list, *mismatches])
    return render(
        request,
        "budgets/reconciliation.html",
        {
            "year": year,
            "fund": fund,
            "funds": funds,
            "figures": selectors.year_figures(year, fund),
            "proposals": page.object_list,
            "page": page,
            "mismatches": mismatches[:MISMATCHES_SHOWN],
            "more_mismatches": len(mismatches) > MISMATCHES_SHOWN,
            # The oldest first, a bounded number, both kinds from one query: a backlog is a
            # figure, not a 3 MB page.
            "stale": selectors.stale_items(year, fund, limit=2 * SHOWN),
            "stale_days": _stale_days(),
        },
    )


def _stale_days() -> int:
    from django.conf import settings

    return settings.RECONCILE_STALE_DAYS


@login_required
def money_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The money part of the proposal page, loaded by htmx from the monitoring panel
    (``hx-get``); scoped like the page: a proposal outside the user's scope answers 404."""
    proposal = get_proposal_for_user(request.user, pk)
    figures = paid_figures(proposal_id=proposal.pk)
    return render(
        request,
        "budgets/_money_panel.html",
        {
            "proposal": proposal,
            "allocated": proposal.allocations.confirmed().net_total(),
            "figures": figures,
            "owed": recovery_owed(proposal),
        },
    )


@login_required
def money_history(request: HttpRequest, pk: int) -> HttpResponse:
    """A proposal's allocations, disbursements, settlement and their audit rows (scoped: 404)."""
    proposal = get_proposal_for_user(request.user, pk)
    allocations = list(
        Allocation.objects.filter(proposal=proposal).select_related(
            "appropriation__fund_source", "proposed_by", "confirmed_by"
        )
    )
    disbursements = list(
        Disbursement.objects.filter(allocation__proposal=proposal).select_related(
            "recorded_by", "confirmed_by"
        )
    )
    settlement = Settlement.objects.filter(proposal=proposal).first()
    objects = [
        (ContentType.objects.get_for_model(Allocation), [a.pk for a in allocations]),
        (ContentType.objects.get_for_model(Disbursement), [d.pk for d in disbursements]),
        (ContentType.objects.get_for_model(Settlement), [settlement.pk] if settlement else []),
    ]
    condition = Q(pk__in=[])
    for content_type, pks in objects:
        if pks:
            condition |= Q(content_type=content_type, object_id__in=[str(p) for p in pks])
    history = AuditLog.objects.filter(condition).order_by("created_at", "id")
    money = selectors.with_money(type(proposal).objects.filter(pk=proposal.pk)).get()
    return render(
        request,
        "budgets/money_history.html",
        {
            "proposal": proposal,
            "money": money,
            "allocations": allocations,
            "disbursements": disbursements,
            "settlement": settlement,
            "history": history,
            "is_dit": request.user.role == Role.DIT,
            "budget_links": can_view_budget(request.user)[0],
            "settle": can_settle(request.user, proposal),
        },
    )


@login_required
def settlement_create(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    require(can_settle(request.user, proposal))
    form = SettlementForm(request.POST or None, initial={"amount": proposal.accepted_support})
    if request.method == "POST" and form.is_valid():
        try:
            services.settlement_confirm(
                proposal=proposal,
                amount=form.cleaned_data["amount"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã quyết toán đề án %(code)s.") % {"code": proposal.code})
            return redirect("budgets:money_history", pk)
    limits = services.settlement_limits(proposal)
    return render(
        request,
        "budgets/settlement_form.html",
        {
            "proposal": proposal,
            "form": form,
            "limits": limits,
            "returned_if_full": max(
                (limits["allocated"] or 0) - (proposal.accepted_support or 0), 0
            ),
        },
        status=400 if form.errors else 200,
    )
