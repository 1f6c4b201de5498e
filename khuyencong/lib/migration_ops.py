"""Migration operations that keep the portal serving while ``migrate`` runs (issue 20).

An index on a big table (a row per proposal, cost line, audit entry…) is built with
``CREATE INDEX CONCURRENTLY`` on PostgreSQL, so the previous release keeps writing during the
build; the migration holding it must say ``atomic = False``. SQLite (``make run``, the
newcomer's test run) has no such thing and gets a plain index.

A concurrent build waits for every transaction already running to finish. It takes no lock
that blocks the portal, so it runs without the migrate command's ``lock_timeout`` (a timeout
would leave an INVALID index behind); an INVALID index of the same name, left by a build that
was interrupted, is dropped and built again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db.migrations.operations import AddIndex


@contextmanager
def without_lock_timeout(schema_editor: Any) -> Iterator[None]:
    """Run the block with ``lock_timeout`` off on this connection, then restore it."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        previous = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('lock_timeout', '0', false)")
    try:
        yield
    finally:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, false)", [previous])


def drop_invalid_index(schema_editor: Any, name: str) -> None:
    """Drop the index ``name`` if an interrupted concurrent build left it INVALID."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = %s AND NOT i.indisvalid",
            [name],
        )
        invalid = cursor.fetchone() is not None
    if invalid:
        schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')


class AddIndexOnline(AddIndexConcurrently):
    """``AddIndexConcurrently`` on PostgreSQL, ``AddIndex`` on any other database."""

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)
            return
        with without_lock_timeout(schema_editor):
            drop_invalid_index(schema_editor, self.index.name)
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)
            return
        with without_lock_timeout(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)
