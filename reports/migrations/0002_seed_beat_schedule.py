"""The Celery beat entries of the reports app, as rows an admin can change without a deploy."""

import json
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "beat_schedule.json"
TIMEZONE = "Asia/Ho_Chi_Minh"


def seed(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for entry in json.loads(FIXTURE.read_text(encoding="utf-8")):
        crontab, _ = CrontabSchedule.objects.get_or_create(**entry["crontab"], timezone=TIMEZONE)
        # get_or_create: an entry an admin already changed is left as it is.
        PeriodicTask.objects.get_or_create(
            name=entry["name"],
            defaults={
                "task": entry["task"],
                "crontab": crontab,
                "kwargs": json.dumps(entry["kwargs"]),
                "description": entry["description"],
                "enabled": True,
            },
        )
    # Tell a running beat that the schedule changed (what PeriodicTask.save does outside
    # migrations).
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unseed(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    names = [entry["name"] for entry in json.loads(FIXTURE.read_text(encoding="utf-8"))]
    PeriodicTask.objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_plan_snapshots_documents"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
