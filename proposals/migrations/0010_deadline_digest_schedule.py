"""Schedule the daily deadline digest in django_celery_beat, so admins can change it."""

import json

from django.db import migrations

TASK_NAME = "proposals.send_deadline_digests"
TASK = "proposals.tasks.send_deadline_digests"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="7",
        day_of_week="1-5",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Ho_Chi_Minh",
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK,
            "crontab": crontab,
            "args": json.dumps([]),
            "description": "Hằng ngày 7:00 (thứ Hai - thứ Sáu): gửi mỗi cán bộ danh sách hồ sơ "
            "quá hạn và sắp đến hạn xử lý.",
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0009_seed_criteria_and_deadlines"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
