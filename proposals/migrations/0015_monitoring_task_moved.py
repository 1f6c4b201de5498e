"""The progress-report reminder task moved with the monitoring sub-package: its beat entry
follows it (the schedule itself, and an admin's edits to it, are kept)."""

from django.db import migrations

OLD = "proposals.tasks_monitoring.send_progress_report_reminders"
NEW = "proposals.monitoring.tasks.send_progress_report_reminders"


def rename(apps, schema_editor, old=OLD, new=NEW):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=old).update(task=new)


def unrename(apps, schema_editor):
    rename(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0014_catalogue_moved_out"),
        ("proposals", "0005_progress_report_reminder_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(rename, unrename)]
