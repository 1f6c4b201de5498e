"""Celery beat that runs once, however many beat processes are started, and says it is alive.

Two beats would send every periodic task twice. Each beat first takes a PostgreSQL advisory
lock on a connection of its own and holds it for its life; a second beat waits for the lock as
a standby and takes over when the first one dies (its connection closes, the lock goes with it).
If the holding connection breaks (database restart), the beat exits so that it is restarted
rather than run unguarded. On SQLite (development) there is one process and no lock.

At every tick, and while standing by, the beat touches ``BEAT_HEARTBEAT_FILE``; its container
health check (``python -m khuyencong.beat_health``) fails when the file is old.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)

# An arbitrary constant, the same in every process of the portal (pg_advisory_lock's bigint).
LOCK_KEY = 7_020_260_101
STANDBY_POLL_SECONDS = 5.0
CHECK_LOCK_EVERY_SECONDS = 30.0


def touch_heartbeat(path: Path | None = None) -> None:
    path = Path(path or settings.BEAT_HEARTBEAT_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


def try_lock(alias: str = "default") -> BaseDatabaseWrapper | None:
    """A new connection holding the beat lock, or None when another process holds it.
    Always a connection object on a database other than PostgreSQL (no lock there)."""
    connection = connections.create_connection(alias)
    if connection.vendor != "postgresql":
        return connection
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        (taken,) = cursor.fetchone()
    if taken:
        return connection
    connection.close()
    return None


def lock_alive(connection: BaseDatabaseWrapper) -> bool:
    if connection.vendor != "postgresql":
        return True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means the lock may be gone
        return False


# The lock of this process: celery beat makes a first, "lazy" scheduler only to print its
# banner, then the one that runs; both must share the one lock.
_held: BaseDatabaseWrapper | None = None


def hold_lock() -> BaseDatabaseWrapper:
    """The beat lock of this process, waiting as a standby while another beat holds it."""
    global _held
    while _held is None:
        _held = try_lock()
        if _held is None:
            logger.info("Another beat holds the schedule: standing by")
            touch_heartbeat()
            time.sleep(STANDBY_POLL_SECONDS)
    return _held


class SingleBeatScheduler(DatabaseScheduler):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if not kwargs.get("lazy"):
            first = _held is None
            hold_lock()
            if first:
                logger.info("Beat lock taken: this beat sends the periodic tasks")
        self._lock_checked = time.monotonic()
        super().__init__(*args, **kwargs)

    def tick(self, *args: Any, **kwargs: Any) -> float:
        now = time.monotonic()
        if now - self._lock_checked >= CHECK_LOCK_EVERY_SECONDS and _held is not None:
            self._lock_checked = now
            if not lock_alive(_held):
                logger.error("Beat lost its database lock: exiting to be restarted")
                raise SystemExit(1)
        touch_heartbeat()
        return super().tick(*args, **kwargs)
