"""The facility's side of a proposal: write, cost, attach, submit, withdraw, follow."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.decorators import role_required
from khuyencong.exceptions import ServiceError
from khuyencong.lib.dates import current_plan_year
from khuyencong.lib.money import format_vnd
from khuyencong.models import Role
from khuyencong.pagination import paginate
from proposals.deadlines import DeadlineCalendar
from proposals.forms.submission import (
    AttachmentForm,
    CostLineForm,
    FacilityProfileForm,
    ProposalForm,
    ReplaceForm,
    WithdrawForm,
)
from proposals.models import Attachment, CostLine, Proposal
from proposals.permissions import can_edit, can_take
from proposals.services.profile import facility_profile_update
from proposals.services.submission import (
    SubmissionRefused,
    attachment_remove,
    attachment_replace,
    attachment_upload,
    costline_add,
    costline_remove,
    costline_update,
    proposal_create,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
    submission_problems,
)
from proposals.steps import asked_of_facility, current_step
from proposals.support import support_check
from proposals.uploads import download_name
from proposals.views.proposals import get_proposal_for_user
from proposals.views.submission_context import submission_context
from proposals.workflow import Action

COSTS_TEMPLATE = "proposals/submission/_costs.html"


def forbidden(request: HttpRequest, reason: str) -> HttpResponse:
    """403 with the reason, for a visible proposal the user may not change."""
    return render(request, "proposals/submission/forbidden.html", {"reason": reason}, status=403)


def _costs_response(
    request: HttpRequest,
    proposal: Proposal,
    *,
    form: CostLineForm | None = None,
    editing: int | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    proposal.refresh_from_db()
    context = {
        "proposal": proposal,
        "lines": list(proposal.lines.select_related("category")),
        "check": support_check(proposal),
        "editable": True,
        "line_form": (
            form if form is not None and editing is None else CostLineForm(proposal=proposal)
        ),
        "edit_form": form if editing is not None else None,
        "editing": editing,
        "line_error": error,
    }
    return render(request, COSTS_TEMPLATE, context, status=status)


def _editable(request: HttpRequest, pk: int) -> tuple[Proposal, HttpResponse | None]:
    proposal = get_proposal_for_user(request.user, pk)
    allowed, reason = can_edit(request.user, proposal)
    return proposal, None if allowed else forbidden(request, reason)


@role_required(Role.FACILITY)
def my_proposals(request: HttpRequest) -> HttpResponse:
    queryset = (
        Proposal.objects.visible_to(request.user)
        .select_related("activity_type")
        .order_by("-updated_at", "-id")
    )
    page = paginate(request.GET, queryset, 25)
    rows = [
        {"proposal": p, "step": current_step(p.state), "asked": asked_of_facility(p)}
        for p in DeadlineCalendar().mark(page)
    ]
    return render(request, "proposals/submission/my_list.html", {"page": page, "rows": rows})


@role_required(Role.FACILITY)
def proposal_new(request: HttpRequest) -> HttpResponse:
    facility = request.user.facility
    if request.method == "POST":
        form = ProposalForm(request.POST)
        if form.is_valid():
            try:
                proposal = proposal_create(actor=request.user, data=form.service_data())
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã lưu bản nháp đề án."))
                return redirect("proposals:proposal_edit", pk=proposal.pk)
    else:
        form = ProposalForm(
            initial={
                "implementing_unit": facility.name if facility else "",
                "location": facility.address if facility else "",
                "plan_year": current_plan_year(),
            }
        )
    return render(
        request,
        "proposals/submission/form.html",
        {"form": form, "facility": facility, "proposal": None},
    )


def _edit_page(
    request: HttpRequest,
    proposal: Proposal,
    form: ProposalForm,
    *,
    problems: list[str] | None = None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = submission_context(request.user, proposal)
    context.update(
        {
            "form": form,
            "proposal": proposal,
            "facility": proposal.facility,
            "problems": problems,
            "pending_problems": submission_problems(proposal) if problems is None else [],
            "line_form": CostLineForm(proposal=proposal),
            "attachment_form": AttachmentForm(),
            **extra,
        }
    )
    return render(request, "proposals/submission/form.html", context, status=status)


@role_required(Role.FACILITY)
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, refused = _editable(request, pk)
    if refused:
        return refused
    if request.method == "POST":
        form = ProposalForm(request.POST, instance=Proposal.objects.get(pk=proposal.pk))
        if form.is_valid():
            try:
                proposal_update(actor=request.user, proposal=proposal, data=form.service_data())
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã lưu đề án."))
                return redirect("proposals:proposal_edit", pk=proposal.pk)
        return _edit_page(request, proposal, form, status=400)
    return _edit_page(request, proposal, ProposalForm(instance=proposal))


@require_POST
@login_required
def proposal_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    allowed, reason = can_take(request.user, proposal, Action.SUBMIT)
    if not allowed:
        return forbidden(request, reason)
    try:
        proposal = proposal_submit(actor=request.user, proposal=proposal)
    except SubmissionRefused as refusal:
        messages.error(request, refusal.message)
        return _edit_page(
            request,
            proposal,
            ProposalForm(instance=proposal),
            problems=refusal.problems,
            status=400,
        )
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("proposals:proposal_detail", pk=proposal.pk)
    messages.success(
        request,
        _("Đã nộp đề án, mã hồ sơ %(code)s. Cơ quan xem xét đã được thông báo.")
        % {"code": proposal.code},
    )
    check = support_check(proposal)
    if check is not None and check.unverified:
        messages.warning(
            request,
            _(
                "Mức hỗ trợ áp dụng cho đề án này chưa được Sở Công Thương xác minh; "
                "kinh phí được hỗ trợ có thể thay đổi khi thẩm định."
            ),
        )
    # A per-facility cap is a warning at submission (the facility may still ask), a refusal
    # at appraisal and approval: the facility sees the figures of its other proposals now.
    use = check.facility_use if check is not None else None
    if use is not None and (use.counted or use.pending or check.over_facility_cap):
        text = use.describe()
        if check.over_facility_cap:
            text = (
                _(
                    "Kinh phí đề nghị %(req)s vượt mức còn lại của cơ sở; đề án sẽ không được "
                    "phê duyệt quá mức còn lại."
                )
                % {"req": format_vnd(proposal.requested_support)}
                + " "
                + text
            )
        messages.warning(request, text)
    return redirect("proposals:proposal_detail", pk=proposal.pk)


@login_required
def proposal_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    allowed, reason = can_take(request.user, proposal, Action.WITHDRAW)
    if not allowed:
        return forbidden(request, reason)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal_withdraw(
                actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"]
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã rút đề án."))
            return redirect("proposals:proposal_detail", pk=proposal.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "proposals/submission/withdraw.html",
        {"proposal": proposal, "form": form},
        status=status,
    )


def _line_kwargs(form: CostLineForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "content": data["content"],
        "unit": data["unit"],
        "quantity": data["quantity"],
        "unit_price": data["unit_price"],
        "requested_support": data["requested_support"],
        "counterpart": data.get("counterpart"),
        "category": data.get("category"),
    }


def _after_costs(request: HttpRequest, proposal: Proposal, **kwargs: Any) -> HttpResponse:
    if request.htmx:
        return _costs_response(request, proposal, **kwargs)
    if kwargs.get("error"):
        messages.error(request, kwargs["error"])
    elif kwargs.get("form") is not None:
        for errors in kwargs["form"].errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(reverse("proposals:proposal_edit", args=[proposal.pk]) + "#costs")


@require_POST
@role_required(Role.FACILITY)
def costline_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, refused = _editable(request, pk)
    if refused:
        return refused
    form = CostLineForm(request.POST, proposal=proposal)
    if not form.is_valid():
        return _after_costs(request, proposal, form=form, status=400)
    try:
        costline_add(actor=request.user, proposal=proposal, **_line_kwargs(form))
    except ServiceError as error:
        return _after_costs(request, proposal, form=form, error=error.message, status=400)
    return _after_costs(request, proposal)


def _line(proposal: Proposal, line_pk: int) -> CostLine:
    return get_object_or_404(CostLine, pk=line_pk, proposal=proposal)


@role_required(Role.FACILITY)
def costline_edit_view(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    proposal, refused = _editable(request, pk)
    if refused:
        return refused
    line = _line(proposal, line_pk)
    if request.method != "POST":
        form = CostLineForm(
            initial={
                f: getattr(line, f)
                for f in ("content", "unit", "quantity", "unit_price", "requested_support")
            }
            | {"counterpart": line.counterpart, "category": line.category_id},
            proposal=proposal,
        )
        if not request.htmx:  # without JavaScript: the whole edit page, this line open
            return _edit_page(
                request, proposal, ProposalForm(instance=proposal), editing=line.pk, edit_form=form
            )
        return _costs_response(request, proposal, form=form, editing=line.pk)
    form = CostLineForm(request.POST, proposal=proposal)
    if not form.is_valid():
        return _after_costs(request, proposal, form=form, editing=line.pk, status=400)
    try:
        costline_update(actor=request.user, line=line, **_line_kwargs(form))
    except ServiceError as error:
        return _after_costs(
            request, proposal, form=form, editing=line.pk, error=error.message, status=400
        )
    return _after_costs(request, proposal)


@require_POST
@role_required(Role.FACILITY)
def costline_remove_view(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    proposal, refused = _editable(request, pk)
    if refused:
        return refused
    try:
        costline_remove(actor=request.user, line=_line(proposal, line_pk))
    except ServiceError as error:
        return _after_costs(request, proposal, error=error.message, status=400)
    return _after_costs(request, proposal)


@require_POST
@role_required(Role.FACILITY)
def production_line_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, refused = _editable(request, pk)
    if refused:
        return refused
    try:
        proposal_update(
            actor=request.user,
            proposal=proposal,
            data={"is_production_line": request.POST.get("is_production_line") == "on"},
        )
    except ServiceError as error:
        return _after_costs(request, proposal, error=error.message, status=400)
    return _after_costs(request, proposal)


@require_POST
@role_required(Role.FACILITY)
def attachment_upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, refused = _editable(request, pk)
    if refused:
        return refused
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = attachment_upload(
                actor=request.user,
                proposal=proposal,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Đã tải lên “%(name)s”.") % {"name": attachment.original_name}
            )
            return redirect(reverse("proposals:proposal_edit", args=[pk]) + "#attachments")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return _edit_page(request, proposal, ProposalForm(instance=proposal), status=400)


@require_POST
@role_required(Role.FACILITY)
def attachment_replace_view(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    proposal, refused = _editable(request, pk)
    if refused:
        return refused
    attachment = get_object_or_404(Attachment, pk=attachment_pk, proposal=proposal)
    form = ReplaceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            new = attachment_replace(
                actor=request.user, attachment=attachment, upload=form.cleaned_data["file"]
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Đã thay “%(old)s” bằng “%(new)s”; tệp cũ vẫn được lưu.")
                % {"old": attachment.original_name, "new": new.original_name},
            )
            return redirect(reverse("proposals:proposal_edit", args=[pk]) + "#attachments")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return _edit_page(request, proposal, ProposalForm(instance=proposal), status=400)


@require_POST
@role_required(Role.FACILITY)
def attachment_remove_view(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    proposal, refused = _editable(request, pk)
    if refused:
        return refused
    attachment = get_object_or_404(Attachment, pk=attachment_pk, proposal=proposal)
    try:
        attachment_remove(actor=request.user, attachment=attachment)
    except ServiceError as error:
        messages.error(request, error.message)
        return _edit_page(request, proposal, ProposalForm(instance=proposal), status=400)
    messages.success(
        request,
        _("Đã gỡ “%(name)s” khỏi hồ sơ; tệp vẫn được lưu trong lịch sử hồ sơ.")
        % {"name": attachment.original_name},
    )
    return redirect(reverse("proposals:proposal_edit", args=[pk]) + "#attachments")


def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The only way to a stored file: the proposal's scope decides (404 outside it)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attachment = get_object_or_404(
        Attachment.objects.filter(proposal__in=Proposal.objects.visible_to(request.user)), pk=pk
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(attachment.original_name, attachment.content_type),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(Role.FACILITY)
def facility_profile(request: HttpRequest) -> HttpResponse:
    facility = request.user.facility
    if facility is None:
        raise Http404
    form = FacilityProfileForm(request.POST or None, instance=facility)
    if request.method == "POST" and form.is_valid():
        try:
            facility_profile_update(
                actor=request.user,
                data={name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã cập nhật hồ sơ cơ sở."))
            return redirect("proposals:facility_profile")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "facility": facility}
    return render(request, "proposals/submission/profile.html", context, status=status)
