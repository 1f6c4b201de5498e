"""Reports read from a PostgreSQL replica when ``DATABASE_REPLICA_URL`` is set.

Only the ``reports`` app's reads go there: its pages and documents are aggregates that a replica
a few seconds behind serves as well, and they are the heavy queries. Every write, and every read
of the workflow (which must see its own writes), stays on the primary. Without a replica
(and always on SQLite) the router is not installed: one database, as before.
"""

from __future__ import annotations

from typing import Any

from django.db import models

REPLICA = "replica"
REPLICA_APPS = frozenset({"reports"})


class ReportsReplicaRouter:
    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        return REPLICA if model._meta.app_label in REPLICA_APPS else None

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # A streaming replica is read-only: its schema comes from the primary.
        return db != REPLICA
