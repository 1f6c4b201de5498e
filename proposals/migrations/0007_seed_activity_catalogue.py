"""Seed the nine groups of Decree 45/2012 Article 4 and their sub-types from the JSON fixture.

Idempotent (get_or_create by number / code): an admin's later edits are never overwritten.
"""

import json
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parent.parent.parent / "khuyencong" / "catalogue" / "fixtures" / "activity_catalogue.json"


def seed(apps, schema_editor):
    ActivityGroup = apps.get_model("proposals", "ActivityGroup")
    ActivityType = apps.get_model("proposals", "ActivityType")
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for group_data in data["groups"]:
        group, _ = ActivityGroup.objects.get_or_create(
            number=group_data["number"], defaults={"name": group_data["name"]}
        )
        for type_data in group_data["types"]:
            ActivityType.objects.get_or_create(
                code=type_data["code"],
                defaults={
                    "group": group,
                    "name": type_data["name"],
                    "required_quotations": type_data["required_quotations"],
                    "position": type_data["position"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0006_dossier_sequence")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
