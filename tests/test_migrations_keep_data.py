"""Moving the catalogue's models keeps the data (issue 15, item 4).

A database at the current schema with the demo data is migrated back to the nodes just before
the catalogue move, then forward again: every table's row count and every money column's
total come back identical, and in between the rows sit in the old tables, all of them.

Runs on the test database (SQLite, or PostgreSQL under CI) as a transactional test: the schema
changes cannot run inside the test's transaction. Whatever happens, the database is migrated
forward again before the test ends, so the tests after it see the current schema.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [
    ("catalogue", None),
    ("proposals", "0012_attachment_removed_at_removed_by"),
    ("budgets", "0004_seed_fund_sources_and_rules"),
    ("reports", "0003_requeue_stale_documents_schedule"),
]
# Where the catalogue's rows lived before the move.
OLD_TABLES = {
    "catalogue_activitygroup": "proposals_activitygroup",
    "catalogue_activitytype": "proposals_activitytype",
    "catalogue_fundsource": "budgets_fundsource",
    "catalogue_supportrule": "budgets_supportrule",
}
OLD_CONTENT_TYPES = {
    ("catalogue", "activitygroup"): ("proposals", "activitygroup"),
    ("catalogue", "activitytype"): ("proposals", "activitytype"),
    ("catalogue", "fundsource"): ("budgets", "fundsource"),
    ("catalogue", "supportrule"): ("budgets", "supportrule"),
}
PROJECT_APPS = ("khuyencong", "catalogue", "proposals", "budgets", "reports")
# Columns the demo fills with money: the discovery below must find them (and more).
KEY_MONEY_COLUMNS = {
    ("proposals_proposal", "approved_amount"),
    ("proposals_costline", "amount"),
    ("budgets_appropriation", "amount"),
    ("budgets_allocation", "amount"),
    ("budgets_disbursement", "amount"),
    ("budgets_settlement", "amount"),
}


def money_columns() -> list[tuple[str, str]]:
    """Every whole-VND column of the project's models: signed big integers (byte sizes are
    PositiveBigIntegerField, counts and scores are smaller integers)."""
    columns = []
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.BigIntegerField) and not isinstance(
                    field, models.PositiveBigIntegerField | models.BigAutoField
                ):
                    columns.append((model._meta.db_table, field.column))
    return sorted(columns)


def row_counts(tables: dict[str, str] | None = None) -> dict[str, int]:
    """Rows per table, keyed by today's table name (``tables`` maps it to the one to read)."""
    rename = {old: new for new, old in (tables or {}).items()}
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[rename.get(table, table)] = cursor.fetchone()[0]
    return counts


def money_totals(tables: dict[str, str] | None = None) -> dict[str, int]:
    tables = tables or {}
    quote = connection.ops.quote_name
    totals = {}
    with connection.cursor() as cursor:
        for table, column in money_columns():
            cursor.execute(
                f"SELECT COALESCE(SUM({quote(column)}), 0) "  # noqa: S608
                f"FROM {quote(tables.get(table, table))}"
            )
            totals[f"{table}.{column}"] = int(cursor.fetchone()[0])
    return totals


def content_types() -> dict[tuple[str, str], int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app_label, model, id FROM django_content_type")
        return {(app, model): pk for app, model, pk in cursor.fetchall()}


def migrate(targets: list[tuple[str, str | None]] | None = None) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def test_the_catalogue_move_migrates_back_and_forth_without_losing_a_row():
    call_command("load_demo", stdout=StringIO())
    counts, totals, types = row_counts(), money_totals(), content_types()
    assert set(money_columns()) >= KEY_MONEY_COLUMNS
    assert all(totals[f"{t}.{c}"] > 0 for t, c in KEY_MONEY_COLUMNS)
    assert all(counts[table] > 0 for table in OLD_TABLES)

    try:
        migrate(BEFORE_THE_MOVE)
        old_counts = row_counts(OLD_TABLES)
        old_totals = money_totals(OLD_TABLES)
        old_types = content_types()
        old_tables = set(connection.introspection.table_names())
    finally:
        migrate()

    # Before the move: the same rows, in the old tables, under the old content types.
    assert set(OLD_TABLES.values()) <= old_tables
    assert not set(OLD_TABLES) & old_tables
    # Tables that later migrations add (cost categories, legal bases, plan approvals…) do not
    # exist before the move: the rows compared are those of the tables both sides have.
    assert {t: n for t, n in old_counts.items() if t != "django_migrations"} == {
        t: n for t, n in counts.items() if t != "django_migrations" and t in old_counts
    }
    assert old_totals == totals
    for new, old in OLD_CONTENT_TYPES.items():
        assert old_types[old] == types[new]
        assert new not in old_types

    # And forward again: identical.
    assert row_counts() == counts
    assert money_totals() == totals
    assert content_types() == types
