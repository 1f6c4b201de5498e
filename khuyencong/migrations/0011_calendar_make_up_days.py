"""The official calendar 2025-2027 with its sources: days off, swapped days off and make-up
working days (ngày làm bù). 2027 is provisional until the government announces it.

Data, not code: an admin edits the days; this only seeds them (fixtures/calendar_2025_2027.json).
"""

import json
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "calendar_2025_2027.json"


def seed(apps, schema_editor):
    Holiday = apps.get_model("khuyencong", "Holiday")
    for row in json.loads(FIXTURE.read_text(encoding="utf-8")):
        Holiday.objects.update_or_create(
            date=row["date"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "source": row["source"],
                "provisional": row["provisional"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("khuyencong", "0010_localities_of_2025")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
