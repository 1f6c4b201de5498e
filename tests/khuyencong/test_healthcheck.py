"""`python -m khuyencong.healthcheck`, the web container's health check."""

from __future__ import annotations

from urllib.parse import urlsplit

from khuyencong import healthcheck


def test_it_passes_when_healthz_answers(live_server, monkeypatch, settings):
    # It presents the first allowed host, as the proxy would (a leading dot is a wildcard).
    settings.ALLOWED_HOSTS = [".example.gov.vn"]
    port = urlsplit(live_server.url).port
    monkeypatch.setenv("PORT", str(port))
    monkeypatch.setenv("ALLOWED_HOSTS", ".example.gov.vn,localhost")
    assert healthcheck.main() == 0


def test_it_fails_when_nothing_listens(monkeypatch):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("PORT", str(port))
    assert healthcheck.main() == 1
