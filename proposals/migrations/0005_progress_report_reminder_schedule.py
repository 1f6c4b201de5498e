"""Schedule the daily progress-report reminders in Celery beat (django_celery_beat)."""

import json

from django.db import migrations

TASK = {
    "name": "Nhắc báo cáo tiến độ thực hiện đề án",
    "task": "proposals.tasks_monitoring.send_progress_report_reminders",
    "crontab": {"minute": "0", "hour": "7", "day_of_week": "*", "day_of_month": "*",
                "month_of_year": "*", "timezone": "Asia/Ho_Chi_Minh"},
}


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(**TASK["crontab"])
    PeriodicTask.objects.get_or_create(
        name=TASK["name"],
        defaults={"task": TASK["task"], "crontab": crontab, "args": json.dumps([])},
    )


def unschedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=TASK["name"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0004_monitoring"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
