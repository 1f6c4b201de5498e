"""Seed the public holidays 2025-2027 (Labour Code art. 112 and the yearly notices).

Data, not code: an admin edits or adds the next years' days (2027 Tết is an estimate until the
government announces it).
"""

import json
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "holidays.json"


def seed(apps, schema_editor):
    Holiday = apps.get_model("khuyencong", "Holiday")
    for row in json.loads(FIXTURE.read_text(encoding="utf-8")):
        Holiday.objects.get_or_create(date=row["date"], defaults={"name": row["name"]})


class Migration(migrations.Migration):
    dependencies = [("khuyencong", "0006_holiday")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
