"""Seed the scoring criteria, the pass mark and the step time limits (DESIGN §5 defaults).

All of it is data to be confirmed by the DIT and edited in the admin.
"""

import json
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "criteria.json"


def seed(apps, schema_editor):
    Criterion = apps.get_model("proposals", "Criterion")
    AppraisalSettings = apps.get_model("proposals", "AppraisalSettings")
    StepDeadline = apps.get_model("proposals", "StepDeadline")
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for row in data["criteria"]:
        Criterion.objects.get_or_create(
            name=row["name"],
            defaults={"max_score": row["max_score"], "position": row["position"]},
        )
    if not AppraisalSettings.objects.exists():
        AppraisalSettings.objects.create(pass_mark=data["pass_mark"])
    for row in data["step_deadlines"]:
        StepDeadline.objects.get_or_create(
            state=row["state"], defaults={"working_days": row["working_days"]}
        )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0008_appraisal_and_deadlines")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
