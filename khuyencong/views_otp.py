"""Pages of the second factor: enrolment (QR code and backup codes), the token page, and the
admin's reset of a lost device (an action of the user admin)."""

from __future__ import annotations

import base64
import io

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from khuyencong import two_factor
from khuyencong.exceptions import ServiceError
from khuyencong.services_otp import otp_device_confirm, otp_device_start

NEW_CODES_SESSION_KEY = "otp_new_codes"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Mã xác thực"),
        max_length=16,
        help_text=gettext_lazy("Mã 6 số trong ứng dụng xác thực, hoặc một mã dự phòng (8 ký tự)."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}
        ),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _secret(device: object) -> str:
    """The device key in base32, in groups of four, as authenticator apps take it by hand."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")  # type: ignore[attr-defined]
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@never_cache
@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    # A session that has a device but has not passed it must not enrol a new one.
    if request.session.get(two_factor.HAS_DEVICE_SESSION_KEY) and not two_factor.is_verified(
        request
    ):
        return redirect("otp_verify")
    device = otp_device_start(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = otp_device_confirm(user=request.user, token=form.cleaned_data["token"])
        except ServiceError as exc:
            form.add_error("token", exc.message)
        else:
            otp_login(request, device)
            request.session[two_factor.HAS_DEVICE_SESSION_KEY] = True
            request.session[NEW_CODES_SESSION_KEY] = codes
            return redirect(reverse("otp_backup_codes") + "?" + urlencode({"next": _next(request)}))
    return render(
        request,
        "khuyencong/otp/setup.html",
        {
            "form": form,
            "secret": _secret(device),
            "required": two_factor.otp_required(request.user),
            "next": _next(request),
        },
    )


@never_cache
@login_required
def otp_setup_qr(request: HttpRequest) -> HttpResponse:
    """The otpauth:// address of the unconfirmed device as an SVG QR code."""
    if request.session.get(two_factor.HAS_DEVICE_SESSION_KEY) and not two_factor.is_verified(
        request
    ):
        return redirect("otp_verify")
    device = otp_device_start(user=request.user)
    buffer = io.BytesIO()
    # A standalone SVG document (with its namespace), so that an <img> can show it.
    segno.make(device.config_url, error="m").save(
        buffer, kind="svg", scale=5, xmldecl=False, light="#fff"
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@never_cache
@login_required
def otp_backup_codes(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not codes:
        return redirect(_next(request))
    return render(
        request, "khuyencong/otp/backup_codes.html", {"codes": codes, "next": _next(request)}
    )


@never_cache
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    if two_factor.is_verified(request):
        return redirect(_next(request))
    if not request.session.get(two_factor.HAS_DEVICE_SESSION_KEY):
        return redirect(reverse("otp_setup") + "?" + urlencode({"next": _next(request)}))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request, form.cleaned_data["token"]):
            return redirect(_next(request))
        form.add_error("token", _("Mã xác thực không đúng hoặc đã dùng. Vui lòng thử lại."))
    return render(request, "khuyencong/otp/verify.html", {"form": form, "next": _next(request)})
