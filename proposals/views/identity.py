"""Pages of a facility's identity change: the facility asks, its locality's officer decides."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.decorators import role_required
from khuyencong.exceptions import ServiceError
from khuyencong.models import Role
from proposals.forms.facilities import IdentityChangeForm, IdentityDecisionForm
from proposals.models import FacilityIdentityChange
from proposals.permissions import facility_reviewer_role
from proposals.services.identity import (
    facility_identity_approve,
    facility_identity_refuse,
    facility_identity_request,
)


@role_required(Role.FACILITY)
def facility_identity(request: HttpRequest) -> HttpResponse:
    facility = request.user.facility
    initial = {"name": facility.name, "tax_code": facility.tax_code, "locality": facility.locality}
    form = IdentityChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            facility_identity_request(actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Đã gửi yêu cầu; thông tin hiện tại giữ nguyên đến khi được duyệt.")
            )
            return redirect("proposals:facility_identity")
    changes = facility.identity_changes.select_related("locality", "old_locality")[:20]
    return render(
        request,
        "proposals/facilities/identity.html",
        {"form": form, "facility": facility, "changes": changes},
    )


def _pending_for(user) -> object:
    if user.role != facility_reviewer_role():
        raise PermissionDenied
    pending = FacilityIdentityChange.objects.filter(status=FacilityIdentityChange.Status.PENDING)
    if user.role == Role.DISTRICT:
        # Without an intermediate level the DIT decides for the whole province.
        pending = pending.filter(facility__locality=user.locality_id)
    return pending.select_related("facility", "locality", "old_locality")


@role_required(Role.DISTRICT, Role.DIT)
def identity_changes(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "proposals/facilities/identity_changes.html",
        {"changes": _pending_for(request.user), "form": IdentityDecisionForm()},
    )


@require_POST
@role_required(Role.DISTRICT, Role.DIT)
def identity_change_decide(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(_pending_for(request.user), pk=pk)
    form = IdentityDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng chọn duyệt hoặc không duyệt."))
        return redirect("proposals:identity_changes")
    try:
        if form.cleaned_data["decision"] == "approve":
            facility_identity_approve(
                actor=request.user, change=change, note=form.cleaned_data["note"]
            )
            messages.success(request, _("Đã duyệt; thông tin mới của cơ sở có hiệu lực."))
        else:
            facility_identity_refuse(
                actor=request.user, change=change, note=form.cleaned_data["note"]
            )
            messages.success(request, _("Đã không duyệt yêu cầu."))
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("proposals:identity_changes")
