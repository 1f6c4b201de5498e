"""``migrate`` made safe to run against a live portal, and by two processes at once.

- One at a time: on PostgreSQL it first takes an advisory lock (polling for it), so a second
  ``migrate`` (two containers started together) waits for the first and then finds nothing
  left to do, instead of failing on a half-created table.
- ``lock_timeout`` (``MIGRATION_LOCK_TIMEOUT``, 5 s by default): a migration that needs a lock
  held by a long request or report gives up with an error, to be run again, rather than
  queueing every request of the portal behind it.

Writing migrations for big tables (proposals, cost lines, audit rows): a new NOT NULL column
gets a database default (``db_default``), and an index is added with
``AddIndexOnline`` (``khuyencong.lib.migration_ops``) in a non-atomic migration. See
docs/operations.md.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections

# The same constant in every process of the portal (pg_advisory_lock's bigint).
MIGRATE_LOCK_KEY = 7_020_260_102


def wait_for_lock(connection: Any, *, pause: float = 0.5) -> None:
    """Take the migrate lock, trying again every ``pause`` seconds (no upper bound).

    Not ``pg_advisory_lock``: a statement waiting on it holds a snapshot, and the first
    process's ``CREATE INDEX CONCURRENTLY`` would wait for that snapshot while this process
    waits for the lock. Each ``pg_try_advisory_lock`` is a statement that ends at once.
    """
    while True:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [MIGRATE_LOCK_KEY])
            if cursor.fetchone()[0]:
                return
        time.sleep(pause)


class Command(DjangoMigrate):
    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            return super().handle(*args, **options)
        timeout = getattr(settings, "MIGRATION_LOCK_TIMEOUT", "5s")
        wait_for_lock(connection)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('lock_timeout', %s, false)", [timeout])
            return super().handle(*args, **options)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATE_LOCK_KEY])
