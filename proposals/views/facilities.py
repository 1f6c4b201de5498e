from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.decorators import role_required
from khuyencong.exceptions import ServiceError
from khuyencong.models import Role, User
from proposals.forms.facilities import FacilityRegistrationForm, RefusalForm
from proposals.models import Facility
from proposals.permissions import can_review_facility
from proposals.services.facilities import facility_activate, facility_refuse, facility_register


def _get_facility_for_user(user: User, pk: int) -> Facility:
    return get_object_or_404(
        Facility.objects.visible_to(user).select_related("locality", "reviewed_by"), pk=pk
    )


def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = FacilityRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            facility_register(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["representative"],
                facility_data=form.facility_data(),
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            return redirect("proposals:register_done")
    return render(request, "proposals/facilities/register.html", {"form": form})


def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "proposals/facilities/register_done.html")


@role_required(Role.DISTRICT)
def pending_list(request: HttpRequest) -> HttpResponse:
    facilities = (
        Facility.objects.visible_to(request.user)
        .pending()
        .select_related("locality")
        .order_by("created_at")
    )
    recent = (
        Facility.objects.visible_to(request.user)
        .exclude(status=Facility.Status.PENDING)
        .select_related("reviewed_by")
        .order_by("-reviewed_at")[:20]
    )
    return render(
        request,
        "proposals/facilities/pending_list.html",
        {"facilities": facilities, "recent": recent},
    )


@login_required
def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    facility = _get_facility_for_user(request.user, pk)
    allowed, reason = can_review_facility(request.user, facility)
    return render(
        request,
        "proposals/facilities/detail.html",
        {
            "facility": facility,
            "can_review": allowed,
            "review_reason": reason,
            "refusal_form": RefusalForm(),
        },
    )


@require_POST
@login_required
def facility_activate_view(request: HttpRequest, pk: int) -> HttpResponse:
    facility = _get_facility_for_user(request.user, pk)
    if request.user.role != Role.DISTRICT:
        raise PermissionDenied
    try:
        facility_activate(actor=request.user, facility=facility)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Đã kích hoạt tài khoản cơ sở %(name)s.") % {"name": facility.name}
        )
    return redirect("proposals:facility_detail", pk=facility.pk)


@require_POST
@login_required
def facility_refuse_view(request: HttpRequest, pk: int) -> HttpResponse:
    facility = _get_facility_for_user(request.user, pk)
    if request.user.role != Role.DISTRICT:
        raise PermissionDenied
    form = RefusalForm(request.POST)
    if not form.is_valid():
        allowed, reason = can_review_facility(request.user, facility)
        return render(
            request,
            "proposals/facilities/detail.html",
            {
                "facility": facility,
                "can_review": allowed,
                "review_reason": reason,
                "refusal_form": form,
            },
            status=400,
        )
    try:
        facility_refuse(actor=request.user, facility=facility, reason=form.cleaned_data["reason"])
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Đã từ chối đăng ký của cơ sở %(name)s.") % {"name": facility.name}
        )
    return redirect("proposals:facility_detail", pk=facility.pk)
