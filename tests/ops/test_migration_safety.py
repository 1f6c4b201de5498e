"""Migrations written from issue 20 on can run while the previous release still serves.

During a deploy the old code keeps inserting rows while ``migrate`` runs, and big tables must
not be locked for the length of an index build. So, in every migration newer than those that
existed when this rule was made:
- a NOT NULL column added to an existing table has a database default (``db_default``);
- an index on a big table is built with ``AddIndexConcurrently`` (in a non-atomic migration).
"""

from __future__ import annotations

import re

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import models
from django.db.migrations import operations
from django.db.migrations.loader import MigrationLoader
from django.db.models import NOT_PROVIDED

# The last migration of each app when the rule was made; later ones are checked.
BASELINE = {"khuyencong": 8, "proposals": 12, "budgets": 4, "reports": 3}
# Tables that hold a row per proposal, cost line, audit entry or notification: big at scale.
BIG_TABLES = {
    ("proposals", "proposal"),
    ("proposals", "costline"),
    ("proposals", "attachment"),
    ("proposals", "revision"),
    ("khuyencong", "auditlog"),
    ("khuyencong", "notification"),
    ("budgets", "allocation"),
    ("budgets", "disbursement"),
}


def _new_migrations() -> list:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    found = []
    for (app, name), migration in loader.disk_migrations.items():
        number = re.match(r"^(\d{4})_", name)
        if app in BASELINE and number and int(number.group(1)) > BASELINE[app]:
            found.append(migration)
    return found


def problems(migration) -> list[str]:
    found = []
    for op in migration.operations:
        label = f"{migration.app_label}.{migration.name}: {op.describe()}"
        if isinstance(op, operations.AddField):
            field = op.field
            if (
                not field.null
                and not field.many_to_many
                and field.db_default is NOT_PROVIDED
                and not isinstance(field, models.AutoField)
            ):
                found.append(f"{label}: NOT NULL without db_default")
        if (
            isinstance(op, operations.AddIndex)
            and not isinstance(op, AddIndexConcurrently)
            and (migration.app_label, op.model_name.lower()) in BIG_TABLES
        ):
            found.append(f"{label}: use AddIndexConcurrently on a big table")
        if isinstance(op, AddIndexConcurrently) and migration.atomic:
            found.append(f"{label}: AddIndexConcurrently needs atomic = False")
    return found


def test_the_rule_catches_a_blocking_migration():
    from django.db import migrations

    class Bad(migrations.Migration):
        operations = [
            migrations.AddField("proposal", "score", models.IntegerField(default=0)),
            migrations.AddIndex(
                "proposal", models.Index(fields=["plan_year"], name="proposal_year_idx")
            ),
        ]

    class Good(migrations.Migration):
        atomic = False
        operations = [
            migrations.AddField("proposal", "score", models.IntegerField(db_default=0)),
            migrations.AddField("proposal", "note", models.TextField(null=True)),
            AddIndexConcurrently(
                "proposal", models.Index(fields=["plan_year"], name="proposal_year_idx")
            ),
        ]

    assert len(problems(Bad("0099_bad", "proposals"))) == 2
    assert problems(Good("0099_good", "proposals")) == []


def test_new_migrations_can_run_under_the_live_portal():
    found = [problem for migration in _new_migrations() for problem in problems(migration)]
    assert found == []
