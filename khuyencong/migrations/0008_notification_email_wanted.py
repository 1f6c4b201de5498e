"""Notifications remember whether an e-mail is owed, and a sweep every 15 minutes sends the
ones whose e-mail could not be queued (khuyencong.queue). The schedule is a django_celery_beat
row, so admins can change it."""

from django.db import migrations, models

TASK_NAME = "khuyencong.send_pending_notification_emails"
TASK = "khuyencong.tasks.send_pending_notification_emails"


def schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK,
            "interval": every,
            "description": "Mỗi 15 phút: gửi e-mail các thông báo chưa gửi được "
            "(hàng đợi tạm thời không kết nối được lúc thao tác).",
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("khuyencong", "0007_seed_holidays"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        # Existing rows keep False: only notifications created from now on owe an e-mail.
        migrations.AddField(
            model_name="notification",
            name="email_wanted",
            field=models.BooleanField(default=False, verbose_name="cần gửi e-mail"),
        ),
        migrations.RunPython(schedule, unschedule),
    ]
