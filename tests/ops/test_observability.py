"""Log lines an operator can use, error reporting, and the client address behind the proxy."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.helpers import get_client_ip_address
from django.test import Client, RequestFactory
from django_ratelimit.core import get_usage

from khuyencong.client_ip import client_ip
from khuyencong.log import JsonFormatter, RequestIdFilter, request_id

BASE_DIR = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.5"


def _request(remote: str, forwarded: str = ""):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/tra-cuu/", **extra)


def test_only_the_proxy_may_state_the_client_address(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    # Through the proxy: the address it appended (the last one) is the client.
    assert client_ip(_request(PROXY, "1.2.3.4, 203.0.113.9")) == "203.0.113.9"
    # Straight to gunicorn with a forged header: the header is ignored.
    assert client_ip(_request("198.51.100.7", "1.2.3.4")) == "198.51.100.7"
    # No proxy configured: the connecting address, whatever the header says.
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request(PROXY, "203.0.113.9")) == PROXY
    # A network may be given; garbage in the header falls back to the proxy's address.
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_ip(_request(PROXY, "not-an-ip")) == PROXY


def test_the_login_throttle_and_the_lookup_limit_read_the_same_address(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    request = _request(PROXY, "203.0.113.9")
    assert get_client_ip_address(request) == "203.0.113.9"
    usage = get_usage(request, group="lookup", key="ip", rate="10/m", increment=True)
    other = get_usage(
        _request(PROXY, "203.0.113.10"), group="lookup", key="ip", rate="10/m", increment=True
    )
    # Two clients behind the one proxy are counted apart.
    assert usage["count"] == 1 and other["count"] == 1


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_log_lines_name_it(caplog):
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="proxy-abc-12345")
    assert response["X-Request-ID"] == "proxy-abc-12345"  # the proxy's id is kept
    made = Client().get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert len(made["X-Request-ID"]) == 32 and "\n" not in made["X-Request-ID"]

    token = request_id.set("req-7")
    try:
        record = logging.LogRecord("reports", logging.ERROR, __file__, 1, "Hỏng %s", ("x",), None)
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "ERROR" and line["logger"] == "reports"
    assert line["request_id"] == "req-7" and line["message"] == "Hỏng x"
    assert line["time"][:2] == "20"


def test_a_production_error_line_has_time_level_logger_and_request_id():
    """The settings' own LOGGING, in a fresh process, as gunicorn runs it."""
    code = (
        "import logging, django; django.setup();"
        "from khuyencong.log import request_id; request_id.set('rid-42');"
        "logging.getLogger('reports.tasks').error('Không tạo được văn bản')"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "khuyencong.settings",
        "DJANGO_ENV": "test",
        "LOG_FORMAT": "text",
    }
    env.pop("SENTRY_DSN", None)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    line = out.stderr.strip().splitlines()[-1]
    # "2026-11-30 11:40:00,123 ERROR reports.tasks [rid-42] Không tạo được văn bản"
    date, time, level, logger, rid, *message = line.split(" ")
    assert len(date) == 10 and date[4] == "-" and len(time) == 12
    assert (level, logger, rid) == ("ERROR", "reports.tasks", "[rid-42]")
    assert " ".join(message) == "Không tạo được văn bản"


def test_errors_go_to_sentry_when_a_dsn_is_set_and_to_admins_otherwise():
    code = (
        "import django; django.setup(); import sentry_sdk; from django.conf import settings;"
        "client = sentry_sdk.get_client();"
        "request = settings.LOGGING['loggers'].get('django.request', {});"
        "print(bool(client.is_active()), client.dsn or '-', settings.ADMINS,"
        " 'mail_admins' in request.get('handlers', []))"
    )
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "khuyencong.settings", "DJANGO_ENV": "test"}
    with_dsn = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**base, "SENTRY_DSN": "https://public@glitchtip.example.gov.vn/3"},
        capture_output=True,
        text=True,
    )
    assert with_dsn.stdout.split()[:2] == ["True", "https://public@glitchtip.example.gov.vn/3"]
    without = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**base, "SENTRY_DSN": "", "ADMINS": "Tổ CNTT <cntt@example.gov.vn>"},
        capture_output=True,
        text=True,
    )
    assert without.stdout.startswith("False - [('Tổ CNTT', 'cntt@example.gov.vn')] True"), (
        without.stdout + without.stderr
    )
