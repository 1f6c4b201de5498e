"""What ``/readyz`` checks: each dependency of the portal, answered within a short budget.

The database is required: without it no page works, so readiness fails (503) and a load
balancer stops sending traffic. The broker and the cache are not: with Redis down every action
still commits (its tasks are caught up by the sweeps) and pages are computed uncached, so they
are reported as ``unavailable`` and the answer stays 200 with ``"status": "degraded"``.
"""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 1.0


def _ping_redis(url: str) -> str:
    client = redis.Redis.from_url(
        url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
    )
    try:
        client.ping()
        return "ok"
    except redis.RedisError as exc:
        logger.warning("Readiness: %s unreachable: %s", url.rsplit("@", 1)[-1], exc)
        return "unavailable"
    finally:
        client.close()


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is "not ready"
        logger.error("Readiness: database unreachable: %s", exc)
        return "unavailable"


def dependencies() -> dict[str, str]:
    """``{"database": "ok", "broker": "unavailable", "cache": "ok"}``; the broker and cache
    read ``not configured`` when tasks run inline (no REDIS_URL)."""
    checks = {"database": check_database()}
    if settings.REDIS_URL:
        checks["broker"] = _ping_redis(settings.REDIS_URL)
        checks["cache"] = _ping_redis(settings.CACHE_URL)
    else:
        checks["broker"] = checks["cache"] = "not configured"
    return checks
