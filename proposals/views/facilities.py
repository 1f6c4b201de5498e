from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from khuyencong.decorators import role_required
from khuyencong.exceptions import ServiceError
from khuyencong.localities import intermediate_name
from khuyencong.models import Role, User
from proposals.forms.facilities import FacilityRegistrationForm, RefusalForm
from proposals.models import Facility
from proposals.permissions import can_review_facility, facility_reviewer_role
from proposals.services.facilities import facility_activate, facility_refuse, facility_register


def _get_facility_for_user(user: User, pk: int) -> Facility:
    return get_object_or_404(
        Facility.objects.visible_to(user).select_related("locality", "reviewed_by"), pk=pk
    )


def _register_rate(group: str, request: HttpRequest) -> str:
    return settings.REGISTER_RATE


@ratelimit(key="ip", rate=_register_rate, method="POST", block=False)
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = FacilityRegistrationForm(request.POST or None)
    if request.method == "POST" and getattr(request, "limited", False):
        form = FacilityRegistrationForm()
        messages.error(
            request,
            _("Bạn đã gửi đăng ký quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau."),
        )
        return render(request, "proposals/facilities/register.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid() and form.tax_code_taken:
        # Same answer as a new registration; only the owner of the e-mail address learns more.
        _mail_tax_code_taken(form.cleaned_data["email"], form.cleaned_data["tax_code"])
        return redirect("proposals:register_done")
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


def _mail_tax_code_taken(email: str, tax_code: str) -> None:
    send_mail(
        subject=_("Đăng ký tài khoản cơ sở trên cổng khuyến công"),
        message=_(
            "Có người vừa đăng ký tài khoản cơ sở trên cổng khuyến công với mã số thuế "
            "%(code)s và địa chỉ e-mail này. Mã số thuế này đã có tài khoản trên cổng, nên "
            "không tạo thêm tài khoản. Nếu đây là cơ sở của bạn và bạn không đăng nhập được, "
            "hãy liên hệ %(level)s nơi cơ sở hoạt động để được hỗ trợ. Nếu không phải bạn, "
            "hãy bỏ qua thư này."
        )
        % {"code": tax_code, "level": intermediate_name()},
        from_email=None,
        recipient_list=[email],
        fail_silently=True,
    )


def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "proposals/facilities/register_done.html")


@role_required(Role.DISTRICT, Role.DIT)
def pending_list(request: HttpRequest) -> HttpResponse:
    if request.user.role != facility_reviewer_role():
        raise PermissionDenied
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
    if request.user.role != facility_reviewer_role():
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
    if request.user.role != facility_reviewer_role():
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
