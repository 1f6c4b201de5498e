"""Implementation monitoring pages: thin views over ``proposals.monitoring.services.lifecycle``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.decorators import role_required
from khuyencong.exceptions import ServiceError
from khuyencong.models import Role, User
from khuyencong.pagination import paginate
from proposals.models import (
    ChangeRequest,
    CostLine,
    MonitoringFile,
    Proposal,
    SiteInspection,
    State,
)
from proposals.monitoring.forms import (
    ChangeRequestForm,
    DecisionForm,
    InspectionForm,
    ProgressReportForm,
    StartForm,
)
from proposals.monitoring.permissions import (
    MONITORING_LIST_ROLES,
    can_decide_change,
    can_inspect,
    can_report_progress,
    can_request_change,
)
from proposals.monitoring.selectors import (
    allocation_available,
    filter_end_passed,
    filter_no_report_for,
    in_progress_for,
    schedule_status,
    spent_by_line,
    with_monitoring,
)
from proposals.monitoring.services import changes, records
from proposals.monitoring.services import lifecycle as services
from proposals.permissions import can_take
from proposals.uploads import download_name
from proposals.views.proposals import get_proposal_for_user
from proposals.workflow import Action

MONITORED_STATES = (
    State.APPROVED,
    State.IN_PROGRESS,
    State.ACCEPTED,
    State.SETTLED,
    State.CANCELLED,
)


def _require_role(user: User, *roles: str) -> None:
    """A visible proposal, but a page the role has no business with: 403."""
    if user.role not in roles:
        raise PermissionDenied


def _refuse(request: HttpRequest, proposal: Proposal, reason: str) -> HttpResponse:
    messages.error(request, reason)
    return redirect("proposals:proposal_detail", pk=proposal.pk)


def _render_form(
    request: HttpRequest, template: str, context: dict[str, Any], *, invalid: bool
) -> HttpResponse:
    return render(request, template, context, status=400 if invalid else 200)


def _submitted(request: HttpRequest, form: Any, action: Callable[[], Any]) -> tuple[bool, Any]:
    """Run ``action`` (one service call) for a valid POST of ``form``: ``(True, its result)``.

    ``(False, None)`` when there is nothing to do or the service refused; its message is then
    on the form, and nothing was written (services are atomic)."""
    if request.method != "POST" or not form.is_valid():
        return False, None
    try:
        return True, action()
    except ServiceError as error:
        form.add_error(None, error.message)
        return False, None


# --- The panel on the proposal page -------------------------------------------------------


def _decision(allowed_reason: tuple[bool, str]) -> dict[str, Any]:
    return {"allowed": allowed_reason[0], "reason": allowed_reason[1]}


def monitoring_panel(user: User, proposal: Proposal) -> dict[str, Any] | None:
    """What ``templates/proposals/monitoring/_panel.html`` shows; None before approval."""
    if proposal.state not in MONITORED_STATES:
        return None
    annotated = with_monitoring(Proposal.objects.filter(pk=proposal.pk)).get()
    status = schedule_status(annotated) if proposal.state == State.IN_PROGRESS else None
    reports = list(
        proposal.progress_reports.select_related("submitted_by")
        .prefetch_related("spendings__cost_line", "files")
        .order_by("-number")
    )
    inspections = list(proposal.inspections.select_related("recorded_by").prefetch_related("files"))
    changes = list(proposal.change_requests.select_related("requested_by", "decided_by"))
    acceptances = list(
        proposal.acceptances.select_related("recorded_by").prefetch_related(
            "lines__cost_line", "files"
        )
    )
    has_pending = any(c.status == ChangeRequest.Status.PENDING for c in changes)
    lines = list(proposal.lines.all())
    spent = spent_by_line(proposal.pk)
    # Only the steps that belong to the current state are offered; a blocked one says why.
    actions: dict[str, dict[str, Any]] = {}
    role, state = user.role, proposal.state
    running = state == State.IN_PROGRESS
    if role == Role.DIT and state == State.APPROVED:
        actions["start"] = _decision(can_take(user, proposal, Action.START))
    if role == Role.DIT and running:
        actions["inspect"] = _decision(can_inspect(user, proposal))
        actions["accept"] = _decision(can_take(user, proposal, Action.ACCEPT))
    if role == Role.FACILITY and running:
        actions["report"] = _decision(can_report_progress(user, proposal))
        actions["change"] = _decision(can_request_change(user, proposal, has_pending=has_pending))
    if role == Role.LEADER and state in (State.APPROVED, State.IN_PROGRESS):
        actions["cancel"] = _decision(can_take(user, proposal, Action.CANCEL))
    return {
        "status": status,
        "reports": reports,
        "inspections": inspections,
        "changes": changes,
        "acceptances": acceptances,
        "contract_files": [
            f for f in proposal.monitoring_files.filter(kind=MonitoringFile.Kind.CONTRACT)
        ],
        "lines": [(line, *spent.get(line.pk, (0, 0))) for line in lines],
        "spent_total": sum(s for s, _u in spent.values()),
        "support_used": sum(u for _s, u in spent.values()),
        "actions": actions,
    }


# --- Lists --------------------------------------------------------------------------------


@role_required(*MONITORING_LIST_ROLES)
def monitoring_list(request: HttpRequest) -> HttpResponse:
    """In-progress proposals: schedule against progress, ends passed, reports missing."""
    view = request.GET.get("view", "all")
    try:
        days = max(1, min(3650, int(request.GET.get("days", ""))))
    except ValueError:
        days = settings.PROGRESS_REPORT_INTERVAL_DAYS
    qs = in_progress_for(Proposal.objects.visible_to(request.user))
    today = timezone.localdate()
    if view == "end_passed":
        qs = filter_end_passed(qs, today)
    elif view == "stale":
        qs = filter_no_report_for(qs, days, timezone.now())
    else:
        view = "all"
    page = paginate(request.GET, qs, 50)
    rows = [(p, schedule_status(p, today)) for p in page.object_list]
    return render(
        request,
        "proposals/monitoring/list.html",
        {
            "page": page,
            "rows": rows,
            "view": view,
            "days": days,
        },
    )


@role_required(Role.FACILITY)
def facility_due(request: HttpRequest) -> HttpResponse:
    """What the facility owes: reports due, contracts awaited, requests pending, follow-ups."""
    mine = Proposal.objects.visible_to(request.user)
    running = in_progress_for(mine).annotate(
        follow_up=Exists(
            SiteInspection.objects.filter(proposal=OuterRef("pk"), follow_up_required=True)
        )
    )
    today = timezone.localdate()
    rows = [(p, schedule_status(p, today)) for p in running]
    waiting = mine.in_state(State.APPROVED).order_by("decision_date", "pk")
    pending = (
        ChangeRequest.objects.filter(proposal__in=mine, status=ChangeRequest.Status.PENDING)
        .select_related("proposal")
        .order_by("requested_at")
    )
    return render(
        request,
        "proposals/monitoring/facility_due.html",
        {"rows": rows, "waiting": waiting, "pending": pending},
    )


# --- Workflow actions ---------------------------------------------------------------------


@login_required
def start(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    _require_role(request.user, Role.DIT)
    allowed, reason = can_take(request.user, proposal, Action.START)
    if not allowed:
        return _refuse(request, proposal, reason)
    form = StartForm(request.POST or None, request.FILES or None)
    done, _started = _submitted(
        request,
        form,
        lambda: services.proposal_start(
            proposal=proposal,
            actor=request.user,
            contract_number=form.cleaned_data["contract_number"],
            contract_date=form.cleaned_data["contract_date"],
            files=form.cleaned_data["contract_files"],
        ),
    )
    if done:
        messages.success(request, _("Đã ghi nhận hợp đồng; đề án chuyển sang đang thực hiện."))
        return redirect("proposals:proposal_detail", pk=proposal.pk)
    return _render_form(
        request,
        "proposals/monitoring/start.html",
        {"proposal": proposal, "form": form},
        invalid=request.method == "POST",
    )


# --- Records between start and acceptance ---------------------------------------------------


@login_required
def progress_report_create(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    _require_role(request.user, Role.FACILITY)
    allowed, reason = can_report_progress(request.user, proposal)
    if not allowed:
        return _refuse(request, proposal, reason)
    lines = list(proposal.lines.all())
    form = ProgressReportForm(request.POST or None, request.FILES or None, lines=lines)
    done, report = _submitted(
        request,
        form,
        lambda: records.progress_report_submit(
            proposal=proposal,
            actor=request.user,
            percent_done=form.cleaned_data["percent_done"],
            work_done=form.cleaned_data["work_done"],
            notes=form.cleaned_data["notes"],
            spendings=form.spendings(),
            photos=form.cleaned_data["photos"],
            invoices=form.cleaned_data["invoices"],
        ),
    )
    if done:
        messages.success(request, _("Đã gửi báo cáo tiến độ lần %(n)s.") % {"n": report.number})
        return redirect("proposals:proposal_detail", pk=proposal.pk)
    spent = spent_by_line(proposal.pk)
    return _render_form(
        request,
        "proposals/monitoring/report_form.html",
        {
            "proposal": proposal,
            "form": form,
            "spent": spent,
            "rows": [
                (line, fields, spent.get(line.pk, (0, 0))) for line, fields in form.line_rows()
            ],
            "allocation": allocation_available(proposal),
            "support_used": sum(u for _s, u in spent.values()),
        },
        invalid=request.method == "POST",
    )


@login_required
def inspection_create(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    _require_role(request.user, Role.DIT)
    allowed, reason = can_inspect(request.user, proposal)
    if not allowed:
        return _refuse(request, proposal, reason)
    form = InspectionForm(request.POST or None, request.FILES or None)
    done, _inspection = _submitted(
        request,
        form,
        lambda: records.inspection_record(
            proposal=proposal, actor=request.user, **form.cleaned_data
        ),
    )
    if done:
        messages.success(request, _("Đã ghi nhận kết quả kiểm tra thực địa."))
        return redirect("proposals:proposal_detail", pk=proposal.pk)
    return _render_form(
        request,
        "proposals/monitoring/inspection_form.html",
        {"proposal": proposal, "form": form},
        invalid=request.method == "POST",
    )


@login_required
def change_request_create(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    _require_role(request.user, Role.FACILITY)
    has_pending = proposal.change_requests.filter(status=ChangeRequest.Status.PENDING).exists()
    allowed, reason = can_request_change(request.user, proposal, has_pending=has_pending)
    if not allowed:
        return _refuse(request, proposal, reason)
    lines = list(proposal.lines.all())
    form = ChangeRequestForm(
        request.POST or None,
        request.FILES or None,
        lines=lines,
        initial={"new_end_date": proposal.end_date, "new_content_scale": proposal.content_scale},
    )
    done, change = _submitted(
        request,
        form,
        lambda: changes.change_request_submit(
            proposal=proposal,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            new_end_date=form.cleaned_data["new_end_date"],
            new_content_scale=form.cleaned_data["new_content_scale"],
            lines=form.line_changes(),
            files=form.cleaned_data["files"],
        ),
    )
    if done:
        messages.success(request, _("Đã gửi đề nghị điều chỉnh tới Sở Công Thương."))
        return redirect("proposals:change_request_detail", pk=change.pk)
    return _render_form(
        request,
        "proposals/monitoring/change_form.html",
        {"proposal": proposal, "form": form},
        invalid=request.method == "POST",
    )


def _get_change_for_user(user: User, pk: int) -> ChangeRequest:
    return get_object_or_404(
        ChangeRequest.objects.filter(proposal__in=Proposal.objects.visible_to(user)).select_related(
            "proposal__facility", "requested_by", "decided_by", "revision"
        ),
        pk=pk,
    )


def _diff_rows(change: ChangeRequest) -> dict[str, Any]:
    """Before and after, field by field and line by line, for the change's page."""
    proposal = change.proposal
    lines = {line.pk: line for line in proposal.lines.all()}
    if change.status == ChangeRequest.Status.APPROVED and change.before and change.revision:
        before, after = change.before, change.revision.data
        before_lines = {row["id"]: row for row in before["lines"]}
        line_rows = [
            (row["content"], before_lines.get(row["id"], {}), row)
            for row in after["lines"]
            if before_lines.get(row["id"]) != row
        ]
        labels = {
            "end_date": _("Thời gian kết thúc"),
            "content_scale": _("Nội dung và quy mô"),
            "total_cost": _("Tổng kinh phí"),
            "requested_support": _("Kinh phí khuyến công đề nghị"),
            "counterpart": _("Vốn đối ứng"),
        }
        field_rows = [
            (labels.get(name, name), before["fields"].get(name), value)
            for name, value in after["fields"].items()
            if before["fields"].get(name) != value
        ]
        return {"fields": field_rows, "lines": line_rows, "applied": True}
    line_rows = []
    for pk, proposed in change.lines.items():
        line = lines.get(int(pk))
        if line is None:
            continue
        amount = CostLine.compute_amount(proposed["quantity"], proposed["unit_price"])
        line_rows.append(
            (
                line.content,
                {
                    "quantity": str(line.quantity),
                    "unit_price": line.unit_price,
                    "amount": line.amount,
                    "requested_support": line.requested_support,
                },
                {**proposed, "amount": amount},
            )
        )
    field_rows = []
    if change.new_end_date:
        field_rows.append((_("Thời gian kết thúc"), proposal.end_date, change.new_end_date))
    if change.new_content_scale:
        field_rows.append(
            (_("Nội dung và quy mô"), proposal.content_scale, change.new_content_scale)
        )
    return {"fields": field_rows, "lines": line_rows, "applied": False}


@login_required
def change_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change = _get_change_for_user(request.user, pk)
    allowed, reason = can_decide_change(request.user, change)
    return render(
        request,
        "proposals/monitoring/change_detail.html",
        {
            "change": change,
            "proposal": change.proposal,
            "diff": _diff_rows(change),
            "can_decide": allowed,
            "decide_reason": reason,
            "form": DecisionForm(),
            "files": list(change.files.all()),
        },
    )


# --- Files --------------------------------------------------------------------------------


@login_required
def monitoring_file(request: HttpRequest, pk: int) -> FileResponse:
    """Uploads are private: served only to users who may see the proposal."""
    stored = get_object_or_404(
        MonitoringFile.objects.filter(proposal__in=Proposal.objects.visible_to(request.user)),
        pk=pk,
    )
    inline = stored.content_type in ("image/jpeg", "image/png", "application/pdf")
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:  # the stored file is gone (restore, disk): 404, never 500
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=download_name(stored.original_name, stored.content_type),
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
