"""Migration helpers for diacritics-insensitive search on PostgreSQL (issue 14, item 1).

``kc_unaccent(text)`` wraps ``unaccent`` (STABLE, because its dictionary could change) in an
IMMUTABLE SQL function naming the dictionary and schema explicitly, so that expression indexes
may use it; it also NFC-normalises and lower-cases. The trigram GIN indexes on
``kc_unaccent(column)`` make ``LIKE '%may say%'`` an index scan. SQLite (``make run``) gets a
Python ``kc_unaccent`` on each connection instead (``khuyencong.search``), and no index.
"""

from __future__ import annotations

from typing import Any

FUNCTION = """
CREATE OR REPLACE FUNCTION public.kc_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, normalize($1, NFC))) $$
"""
DROP_FUNCTION = "DROP FUNCTION IF EXISTS public.kc_unaccent(text)"


def trigram_index(table: str, column: str, *, concurrently: bool = False) -> tuple[str, str]:
    """(create, drop) SQL of the GIN trigram index on ``kc_unaccent(column)`` of ``table``.

    ``concurrently`` for a big table (proposals, facilities): the build does not block writes;
    the migration running it must be non-atomic and its RunPython ``atomic=False``.
    """
    name = f"{table}_{column}_fold_trgm"[:63]
    online = "CONCURRENTLY " if concurrently else ""
    create = (
        f'CREATE INDEX {online}IF NOT EXISTS "{name}" ON "{table}" '
        f'USING gin (public.kc_unaccent("{column}") gin_trgm_ops)'
    )
    return create, f'DROP INDEX {online}IF EXISTS "{name}"'


def postgres_only(forward: list[str], backward: list[str]) -> tuple[Any, Any]:
    """RunPython callables that run ``forward`` / ``backward`` SQL on PostgreSQL only."""

    def run(statements: list[str]) -> Any:
        def apply(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor != "postgresql":
                return
            # A concurrent build waits for running transactions: no lock_timeout for it
            # (khuyencong.lib.migration_ops), and a leftover INVALID index is built again.
            from khuyencong.lib.migration_ops import drop_invalid_index, without_lock_timeout

            with without_lock_timeout(schema_editor):
                for sql in statements:
                    if sql.startswith("CREATE INDEX CONCURRENTLY"):
                        drop_invalid_index(schema_editor, sql.split('"')[1])
                    schema_editor.execute(sql)

        return apply

    return run(forward), run(backward)
