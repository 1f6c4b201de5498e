"""Heavy report reads go to a PostgreSQL replica when ``DATABASE_REPLICA_URL`` is set.

Only code that asks for it reads from the replica: ``with reading_from_replica():`` around the
rendering of a document (reports.services.documents), the heaviest queries of the portal, which
a replica a moment behind serves as well. Every write, and every other read (the workflow must
see its own writes), stays on the primary. Without a replica (and always on SQLite) the router
is not installed and the context manager changes nothing.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models

REPLICA = "replica"
_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("use_replica", default=False)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Reads inside the block go to the replica (when one is configured)."""
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


class ReportsReplicaRouter:
    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        return REPLICA if _use_replica.get() else None

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # A streaming replica is read-only: its schema comes from the primary.
        return db != REPLICA
