"""Second factor for officials (issue 18, item 7): django-otp devices, checked on every page.

django-otp keeps the devices (TOTP for an authenticator app, static backup codes) and
verifies tokens; this module decides who must use them and enforces it:

- officials who approve, appraise or pay public money (DIT, leader, council, finance, admin)
  must have a confirmed device: without one every page sends them to enrolment;
- facilities and intermediate officers may enrol; once they have a device, it is required;
- a session with a device but without a verified token is sent to the token page.

Whether the session is verified and whether the user has a device are kept in the session
(set at login and at verification), so a verified page view costs no extra query.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from khuyencong.models import Role, User

REQUIRED_ROLES = frozenset({Role.DIT, Role.LEADER, Role.COUNCIL, Role.FINANCE, Role.ADMIN})
HAS_DEVICE_SESSION_KEY = "otp_has_device"
# URL names an unverified user may still open: signing in and out, the token and enrolment
# pages, the language switcher, the health check and the public pages.
OPEN_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "set_language",
        "healthz",
        "otp_verify",
        "otp_setup",
        "otp_setup_qr",
        "otp_backup_codes",
    }
)


def otp_required(user: User) -> bool:
    """True for the roles that must sign in with a second factor."""
    return user.role in REQUIRED_ROLES or user.is_superuser


def has_device(user: User) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


def is_verified(request: HttpRequest) -> bool:
    """True when this session passed the second factor (no query)."""
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def verify(request: HttpRequest, token: str) -> bool:
    """Check ``token`` (a 6-digit TOTP or a backup code) against the user's confirmed devices
    and mark the session verified. Devices throttle repeated failures (django-otp)."""
    device = match_token(request.user, "".join(token.split()))
    if device is None:
        return False
    otp_login(request, device)
    request.session[HAS_DEVICE_SESSION_KEY] = True
    return True


def totp_now(device: TOTPDevice) -> str:
    """The token ``device`` shows now (demo and tests)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@receiver(user_logged_in)
def _remember_device(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[HAS_DEVICE_SESSION_KEY] = has_device(user)


class TwoFactorMiddleware:
    """Sends a signed-in official without a verified second factor to enrolment or the token
    page, whatever page was asked for (after AuthenticationMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not settings.OTP_ENFORCED:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or is_verified(request):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_URL_NAMES:
            return None
        if request.session.get(HAS_DEVICE_SESSION_KEY):
            target = "otp_verify"
        elif otp_required(user):
            target = "otp_setup"
        else:
            return None
        url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
