"""Every 15 minutes, queue again the documents left waiting because the broker could not be
reached when they were requested (khuyencong.queue). A django_celery_beat row admins can change."""

from django.db import migrations

TASK_NAME = "reports.requeue_stale_documents"
TASK = "reports.tasks.requeue_stale_documents"


def schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK,
            "interval": every,
            "description": "Mỗi 15 phút: xếp lại vào hàng đợi các văn bản chờ tạo quá 30 phút.",
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_seed_beat_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
