"""``migrate`` against a live database: it gives up on a held lock instead of queueing the
portal behind it (PostgreSQL)."""

from __future__ import annotations

import time

import psycopg
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection

from tests.conftest import requires_postgres


def _url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_migrate_gives_up_on_a_lock_held_by_the_running_portal(settings):
    settings.MIGRATION_LOCK_TIMEOUT = "1s"
    with psycopg.connect(_url()) as portal:
        # A long report holds a lock on a table the migration needs.
        portal.execute("LOCK TABLE django_migrations IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        with pytest.raises(DatabaseError, match="lock timeout"):
            call_command("migrate", verbosity=0)
        assert time.monotonic() - started < 10
        portal.rollback()
    # The session is left as it was found, and the lock to run one migrate at a time is free.
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "0"
        cursor.execute("SELECT pg_try_advisory_lock(7020260102)")
        assert cursor.fetchone()[0] is True
        cursor.execute("SELECT pg_advisory_unlock(7020260102)")
    call_command("migrate", verbosity=0)  # nothing left to do, and it says nothing


def _index_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_class WHERE relname = %s", [name])
        return cursor.fetchone() is not None


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_concurrent_build_runs_without_lock_timeout_and_redoes_an_invalid_index():
    from khuyencong.lib.migration_ops import drop_invalid_index, without_lock_timeout

    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', '5s', false)")
    try:
        with connection.schema_editor(atomic=False) as editor:
            with without_lock_timeout(editor), connection.cursor() as cursor:
                cursor.execute("SHOW lock_timeout")
                assert cursor.fetchone()[0] == "0"
            with connection.cursor() as cursor:
                cursor.execute("SHOW lock_timeout")
                assert cursor.fetchone()[0] == "5s"
            # A valid index is left alone; one an interrupted build left INVALID is dropped.
            drop_invalid_index(editor, "proposal_year_code")
            assert _index_exists("proposal_year_code")
            editor.execute(
                "UPDATE pg_index SET indisvalid = false "
                "WHERE indexrelid = 'proposal_year_code'::regclass"
            )
            drop_invalid_index(editor, "proposal_year_code")
            assert not _index_exists("proposal_year_code")
            editor.execute(
                "CREATE INDEX proposal_year_code ON proposals_proposal (plan_year, code)"
            )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
