from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import user_logged_in
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.middleware import SessionMiddleware
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class PortalLocaleMiddleware:
    """Vietnamese unless the user chose another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many browsers in
    Vietnam are set to English: civil servants would then get a half-English portal they did
    not ask for. Only the language cookie set by the switcher counts.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on every page of a signed-in user and on every file
    download: a shared office computer or a proxy must not keep a private page after logout.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        download = response.get("Content-Disposition", "").startswith("attachment") or (
            response.streaming and "Content-Disposition" in response
        )
        if download or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "private, no-store"
        return response


# Views polled in the background by an open page (htmx ``every 2s``): they must not count as
# activity, or a tab left open would never reach the idle logout.
BACKGROUND_VIEWS = frozenset({"reports:document_progress"})


# The session is saved (and its idle deadline moved) at most once a minute: writing the session
# row on every request cost 14 % of throughput under load (issue 14). A user may therefore be
# logged out up to this many seconds before SESSION_COOKIE_AGE after their last request.
IDLE_RENEW_SECONDS = 60
# Epoch second of the last save that moved the deadline, kept in the session itself so that
# deciding whether to save costs no query (the session is already loaded for the user).
IDLE_RENEWED_KEY = "_idle_renewed"


def _now() -> int:
    return int(time.time())


@receiver(user_logged_in)
def _stamp_login(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    # Logging in saves the session: that save is the first renewal.
    if request is not None and hasattr(request, "session"):
        request.session[IDLE_RENEWED_KEY] = _now()


class IdleSessionMiddleware(SessionMiddleware):
    """Django's session middleware with an idle deadline (``SESSION_COOKIE_AGE``) that each
    request pushes back, but only when it moves by ``IDLE_RENEW_SECONDS`` or more; and never
    on the background polls of ``BACKGROUND_VIEWS``: they neither save the session nor renew
    its cookie, so a tab left open still logs out after ``SESSION_IDLE_MINUTES``."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        match = getattr(request, "resolver_match", None)
        session = getattr(request, "session", None)
        if session is None:
            return super().process_response(request, response)
        if match is not None and match.view_name in BACKGROUND_VIEWS and not session.modified:
            patch_vary_headers(response, ("Cookie",))
            return response
        self._renew_if_due(session)
        return super().process_response(request, response)

    @staticmethod
    def _renew_if_due(session: SessionBase) -> None:
        # No session cookie, or one whose session is gone: nothing to renew (and nothing to
        # create: an anonymous visitor must not get a session row).
        if session.is_empty():
            return
        renewed = session.get(IDLE_RENEWED_KEY)
        if session.is_empty():  # loading found no stored session
            return
        now = _now()
        if session.modified or not isinstance(renewed, int) or now - renewed >= IDLE_RENEW_SECONDS:
            # Setting the key marks the session modified: Django saves it, which moves
            # expire_date to now + SESSION_COOKIE_AGE and renews the cookie.
            session[IDLE_RENEWED_KEY] = now
