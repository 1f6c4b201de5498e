"""Redis really unreachable (a closed port, no mock): every action that commits answers at once
and succeeds, cached pages are computed uncached, and the health answers say what is down."""

from __future__ import annotations

import logging
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from khuyencong.celery import app as celery_app
from reports.models import GeneratedDocument
from tests.factories_reports import YEAR, plan_dataset

# Port 1 (tcpmux) is never served here: connecting is refused at once, as a stopped Redis is.
CLOSED_BROKER = "redis://127.0.0.1:1/0"
CLOSED_CACHE = "redis://127.0.0.1:1/1"
PROMPT_SECONDS = 3.0


def _reset_celery_connections() -> None:
    celery_app._pool = None
    celery_app.__dict__.get("amqp") and setattr(celery_app.amqp, "_producer_pool", None)
    if hasattr(celery_app._local, "backend"):
        del celery_app._local.backend


@pytest.fixture
def redis_down(settings):
    """The portal configured as in production (tasks through the broker, the Redis cache),
    with Redis stopped."""
    keys = ("task_always_eager", "broker_url", "result_backend")
    saved = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.update(
        task_always_eager=False, broker_url=CLOSED_BROKER, result_backend=CLOSED_BROKER
    )
    _reset_celery_connections()
    settings.REDIS_URL = CLOSED_BROKER
    settings.CACHE_URL = CLOSED_CACHE
    settings.CACHES = {
        "default": {
            "BACKEND": "khuyencong.cache.ResilientRedisCache",
            "LOCATION": CLOSED_CACHE,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    yield
    celery_app.conf.update(saved)
    _reset_celery_connections()


@pytest.mark.django_db(transaction=True)
def test_a_document_request_commits_and_answers_promptly_with_redis_down(world, redis_down, caplog):
    plan_dataset(world)
    client = Client(raise_request_exception=True)
    client.force_login(world.users["dit"])
    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="khuyencong.queue"):
        response = client.post(
            reverse("reports:document_create"),
            {"kind": "results", "year": YEAR, "format": "pdf"},
        )
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < PROMPT_SECONDS, f"took {elapsed:.1f}s"
    document = GeneratedDocument.objects.get()
    assert document.status == GeneratedDocument.Status.QUEUED  # left to the sweep
    assert "Could not queue reports.tasks.build_document" in caplog.text
    # The page the redirect leads to shows the saved request.
    assert client.get(response.url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["dit", "leader"])
def test_the_cached_dashboards_are_served_uncached_with_redis_down(world, redis_down, role):
    plan_dataset(world)
    client = Client(raise_request_exception=True)
    client.force_login(world.users[role])
    started = time.monotonic()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert time.monotonic() - started < PROMPT_SECONDS
    assert cache.get("anything", "miss") == "miss"


@pytest.mark.django_db
def test_the_public_lookup_still_answers_with_redis_down(world, redis_down):
    client = Client(raise_request_exception=True)
    response = client.get(reverse("proposals:dossier_lookup"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_liveness_stays_up_and_readiness_names_what_is_down(redis_down):
    client = Client()
    assert client.get("/healthz").json() == {"status": "ok"}
    response = client.get("/readyz")
    assert response.status_code == 200  # the portal still serves: degraded, not down
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "broker": "unavailable", "cache": "unavailable"},
    }
