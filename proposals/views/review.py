"""Review pages: the action endpoint, inboxes of each role, the council's sheets, the diff."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.decorators import role_required
from khuyencong.exceptions import ServiceError
from khuyencong.lib.dates import current_plan_year
from khuyencong.localities import has_intermediate_review
from khuyencong.models import Role, User
from khuyencong.pagination import paginate
from proposals.deadlines import DeadlineCalendar
from proposals.diff import diff_revisions, return_pair
from proposals.forms.review import BulkApproveForm, ProposalFilter, ScoreSheetForm
from proposals.models import Appraisal, AppraisalSettings, Criterion, Proposal, ScoreSheet, State
from proposals.permissions import can_score, can_take
from proposals.services.appraisal import scoresheet_submit
from proposals.services.review import RANKED_STATES, BulkApprovalError, proposals_approve_bulk
from proposals.views.actions import ACTIONS
from proposals.views.proposals import detail_response, get_proposal_for_user

PAGE_SIZE = 25
LIST_RELATED = ("facility__locality", "activity_type")


@require_POST
@login_required
def proposal_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Take one review action: 404 outside scope, 403 when the viewer may not take it."""
    proposal = get_proposal_for_user(request.user, pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    allowed, reason = can_take(request.user, proposal, action)
    if not allowed:
        raise PermissionDenied(reason)
    form = spec.form(request.POST, prefix=action)
    if not form.is_valid():
        return detail_response(request, proposal, bound={action: form}, status=400)
    try:
        spec.run(proposal, request.user, form.cleaned_data)
    except ServiceError as error:
        form.add_error(None, error.message)
        # Reloaded: the page shows what is stored, not what the refused service touched.
        proposal = get_proposal_for_user(request.user, pk)
        return detail_response(request, proposal, bound={action: form}, status=400)
    messages.success(request, str(spec.success))
    return redirect("proposals:proposal_detail", pk=proposal.pk)


def _filtered(request: HttpRequest, qs: QuerySet[Proposal], default_state: str | None) -> Any:
    data = request.GET.copy()
    if default_state and "state" not in data:
        data["state"] = default_state
    data.setdefault("sort", "waiting")
    return ProposalFilter(data, queryset=qs, request=request)


def _page_with_deadlines(request: HttpRequest, qs: QuerySet[Proposal]) -> Any:
    page = paginate(request.GET, qs, PAGE_SIZE)
    calendar = DeadlineCalendar()
    for proposal in calendar.mark(page.object_list):
        proposal.days_waiting = calendar.days_waiting(proposal)
    return page


def _inbox(
    request: HttpRequest, *, title: str, qs: QuerySet[Proposal], default_state: str, **extra: Any
) -> HttpResponse:
    filterset = _filtered(request, qs.select_related(*LIST_RELATED), default_state)
    if not filterset.is_valid():
        return render(
            request,
            "proposals/review/inbox.html",
            {"title": title, "filter": filterset, "page": None, **extra},
            status=400,
        )
    page = _page_with_deadlines(request, filterset.qs)
    return render(
        request,
        "proposals/review/inbox.html",
        {"title": title, "filter": filterset, "page": page, **extra},
    )


@role_required(Role.DISTRICT)
def district_inbox(request: HttpRequest) -> HttpResponse:
    return _inbox(
        request,
        title=_("Đề án chờ xem xét của địa bàn"),
        qs=Proposal.objects.visible_to(request.user),
        default_state=State.SUBMITTED,
        show_locality=False,
    )


@role_required(Role.DIT)
def dit_intake(request: HttpRequest) -> HttpResponse:
    return _inbox(
        request,
        title=(
            _("Tiếp nhận đề án địa phương chuyển lên")
            if has_intermediate_review()
            else _("Tiếp nhận đề án cơ sở nộp")
        ),
        qs=Proposal.objects.visible_to(request.user),
        default_state=State.FORWARDED,
        show_locality=True,
    )


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return current_plan_year()
    return year if 2000 <= year <= 2100 else current_plan_year()


@role_required(Role.DISTRICT)
def district_forwarded(request: HttpRequest) -> HttpResponse:
    """The district's yearly list of forwarded proposals, by its priority, with totals."""
    year = _year(request)
    qs = (
        Proposal.objects.visible_to(request.user)
        .filter(plan_year=year, state__in=RANKED_STATES)
        .select_related(*LIST_RELATED)
        .order_by("district_priority", "id")
    )
    # The year's totals in one aggregate; the rows 50 a page (issue 14: 1.2 MB in one page).
    page = paginate(request.GET, qs, PAGE_SIZE)
    totals = qs.aggregate(
        count=Count("id"),
        total_cost=Sum("total_cost"),
        requested=Sum("requested_support"),
        counterpart=Sum("counterpart"),
        approved=Sum("approved_amount"),
    )
    years = (
        Proposal.objects.visible_to(request.user)
        .filter(state__in=RANKED_STATES, plan_year__isnull=False)
        .values_list("plan_year", flat=True)
        .distinct()
        .order_by("-plan_year")
    )
    return render(
        request,
        "proposals/review/district_forwarded.html",
        {
            "page": page,
            "proposals": page.object_list,
            "totals": totals,
            "year": year,
            "years": sorted({*years, year}),
        },
    )


@role_required(Role.COUNCIL)
def council_assigned(request: HttpRequest) -> HttpResponse:
    sheets = (
        ScoreSheet.objects.filter(member=request.user, appraisal__closed_at__isnull=True)
        .select_related("appraisal__proposal__facility__locality")
        .order_by("submitted_at", "-appraisal__started_at")
    )
    page = paginate(request.GET, sheets, PAGE_SIZE)
    calendar = DeadlineCalendar()
    for sheet in page.object_list:
        sheet.deadline = calendar.for_proposal(sheet.appraisal.proposal)
    return render(request, "proposals/review/council_assigned.html", {"page": page})


def _get_sheet_for_member(user: User, pk: int) -> ScoreSheet:
    return get_object_or_404(
        ScoreSheet.objects.filter(member=user).select_related(
            "appraisal__proposal__facility__locality", "appraisal__proposal__activity_type"
        ),
        pk=pk,
    )


@role_required(Role.COUNCIL)
def scoresheet_form(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _get_sheet_for_member(request.user, pk)
    allowed, reason = can_score(request.user, sheet)
    criteria = list(Criterion.objects.filter(is_active=True))
    form = ScoreSheetForm(request.POST or None, criteria=criteria)
    status = 200
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied(reason)
        if form.is_valid():
            try:
                scoresheet_submit(
                    sheet=sheet,
                    actor=request.user,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã nộp phiếu chấm điểm."))
                return redirect("proposals:proposal_detail", pk=sheet.appraisal.proposal_id)
        status = 400
    return render(
        request,
        "proposals/review/scoresheet.html",
        {
            "sheet": sheet,
            "proposal": sheet.appraisal.proposal,
            "form": form,
            "can_score": allowed,
            "reason": reason,
            "pass_mark": sheet.appraisal.pass_mark or AppraisalSettings.current().pass_mark,
            "scores": sheet.scores.select_related("criterion") if sheet.submitted_at else [],
        },
        status=status,
    )


def _appraised(user: User) -> QuerySet[Proposal]:
    latest = Appraisal.objects.filter(proposal=OuterRef("pk"), concluded_at__isnull=False).order_by(
        "-concluded_at", "-id"
    )
    return (
        Proposal.objects.visible_to(user)
        .filter(state=State.APPRAISED)
        .select_related(*LIST_RELATED)
        .annotate(
            mean_score=Subquery(latest.values("mean_score")[:1]),
            pass_mark=Subquery(latest.values("pass_mark")[:1]),
        )
        .order_by("state_changed_at", "id")
    )


def _decisions_page(
    request: HttpRequest, form: BulkApproveForm, errors: dict[int, str], status: int = 200
) -> HttpResponse:
    qs = _appraised(request.user)
    page = _page_with_deadlines(request, qs)
    for proposal in page.object_list:
        proposal.bulk_error = errors.get(proposal.pk, "")
        proposal.passed = (
            None if proposal.mean_score is None else proposal.mean_score >= proposal.pass_mark
        )
    return render(
        request,
        "proposals/review/decisions.html",
        {"page": page, "form": form, "errors": errors},
        status=status,
    )


@role_required(Role.LEADER)
def leader_decisions(request: HttpRequest) -> HttpResponse:
    form = BulkApproveForm(
        initial={"plan_year": current_plan_year(), "decision_date": timezone.localdate()},
        queryset=_appraised(request.user),
    )
    return _decisions_page(request, form, {})


@require_POST
@role_required(Role.LEADER)
def leader_bulk_approve(request: HttpRequest) -> HttpResponse:
    form = BulkApproveForm(request.POST, queryset=_appraised(request.user))
    if not form.is_valid():
        return _decisions_page(request, form, {}, status=400)
    data = form.cleaned_data
    selected = list(data["proposals"])
    try:
        approved = proposals_approve_bulk(
            proposals=selected,
            actor=request.user,
            plan_year=data["plan_year"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
        )
    except BulkApprovalError as error:
        form.add_error(None, error.message)
        return _decisions_page(request, form, error.errors, status=400)
    except ServiceError as error:
        form.add_error(None, error.message)
        return _decisions_page(request, form, {}, status=400)
    messages.success(
        request,
        _("Đã phê duyệt %(n)s đề án theo quyết định số %(number)s.")
        % {"n": len(approved), "number": data["decision_number"]},
    )
    return redirect("proposals:leader_decisions")


@login_required
def proposal_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """What the facility changed since a reviewer returned the proposal."""
    proposal = get_proposal_for_user(request.user, pk)
    if request.user.role == Role.FACILITY:
        raise PermissionDenied
    pair = return_pair(proposal)
    diff = diff_revisions(*pair) if pair else None
    return render(request, "proposals/review/changes.html", {"proposal": proposal, "diff": diff})
