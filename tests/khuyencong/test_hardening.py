"""Production hardening (issue 8): CSP without inline code, cookies, HSTS, idle sessions, media."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from khuyencong.middleware import IDLE_RENEWED_KEY
from tests.khuyencong.test_settings import production_env, run_python

BASE_DIR = Path(settings.BASE_DIR)
TEMPLATES = sorted((BASE_DIR / "templates").rglob("*.html"))
# An inline script is one with a body; <script src="..."></script> loads a file the CSP allows.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>\s*\S", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (INLINE_SCRIPT, "inline <script>"),
        (EVENT_HANDLER, "on…= handler"),
        (STYLE_ATTRIBUTE, "style="),
    ],
)
def test_no_template_holds_inline_code_or_style(pattern, what):
    offenders = [
        str(path.relative_to(BASE_DIR))
        for path in TEMPLATES
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], f"{what} found (the CSP blocks it): {offenders}"


def test_the_checks_catch_what_they_are_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/x.js"></script>')
    assert EVENT_HANDLER.search('<a href="#" onclick="x()">')
    assert STYLE_ATTRIBUTE.search('<div style="color:red">')


@pytest.mark.django_db
def test_responses_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy


PRINT_SECURITY = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({n: getattr(settings, n) for n in ['SESSION_COOKIE_SECURE', "
    "'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', "
    "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', 'SESSION_SAVE_EVERY_REQUEST', "
    "'SESSION_COOKIE_AGE', 'MEDIA_URL']}))"
)


def test_production_cookies_are_secure_and_http_only_with_hsts(tmp_path):
    result = run_python(production_env(tmp_path), PRINT_SECURITY)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    # The idle middleware saves the session when its deadline moves by a minute (issue 14).
    assert values["SESSION_SAVE_EVERY_REQUEST"] is False
    assert 5 * 60 <= values["SESSION_COOKIE_AGE"] <= 8 * 3600


@pytest.mark.django_db
def test_an_active_session_is_extended_and_an_idle_one_expires(client, world):
    client.force_login(world.users["dit"])
    key = client.session.session_key
    session = Session.objects.get(session_key=key)
    # Pretend the last request was a while ago but within the idle limit: a request extends it.
    stored = client.session
    stored[IDLE_RENEWED_KEY] -= settings.SESSION_COOKIE_AGE - 60
    stored.save()
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + dt.timedelta(minutes=1))
    assert client.get(reverse("dashboard")).status_code == 200
    extended = Session.objects.get(session_key=key).expire_date
    assert extended > timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    # Idle beyond SESSION_COOKIE_AGE: the stored session is expired and the user must log in.
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_media_is_never_routed():
    assert not settings.MEDIA_URL or settings.MEDIA_URL in ("/", "")
    for path in ("/media/attachments/x.pdf", "/media/x", f"/{settings.MEDIA_ROOT.name}/x.pdf"):
        with pytest.raises(Resolver404):
            resolve(path)


def test_media_root_is_outside_every_static_directory():
    media = Path(settings.MEDIA_ROOT).resolve()
    for public in [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]:
        public = public.resolve()
        assert public != media and public not in media.parents, public


@pytest.mark.django_db
def test_an_uploaded_file_is_not_served_by_static_or_whitenoise(settings, world):
    from proposals.models import Attachment

    upload_to = Attachment._meta.get_field("file").upload_to
    folder = upload_to if isinstance(upload_to, str) else "attachments"
    target = Path(settings.MEDIA_ROOT) / folder.split("%")[0] / "secret.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    # The 404 page repeats the path it was asked for (the language form's "next"): the check
    # looks for the file's content, which is not in its name.
    target.write_bytes(b"%PDF-1.4 NOI-DUNG-MAT-42")
    client = Client()
    client.force_login(world.users["admin"])
    relative = target.relative_to(settings.MEDIA_ROOT).as_posix()
    for url in (
        f"/media/{relative}",
        f"/{relative}",
        f"{settings.STATIC_URL}{relative}",
        f"{settings.STATIC_URL}../media/{relative}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        body = b"".join(getattr(response, "streaming_content", [response.content]))
        assert b"NOI-DUNG-MAT-42" not in body
