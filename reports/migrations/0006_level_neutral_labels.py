"""Texts that said "cấp huyện" name the local People's Committee since the district level ended
(1/7/2025): the reminder setting's help text and the reminder task's beat entry."""

from django.db import migrations, models

OLD_NAME = "Nhắc hạn chót kế hoạch cho cấp huyện (hằng ngày)"
NEW_NAME = "Nhắc hạn chót kế hoạch cho UBND địa phương (hằng ngày)"
OLD_DESCRIPTION = (
    "Mỗi sáng 07:00: nhắc cán bộ cấp huyện còn hồ sơ chờ xử lý trước các hạn chót đã cấu hình."
)
NEW_DESCRIPTION = (
    "Mỗi sáng 07:00: nhắc cán bộ UBND địa phương còn hồ sơ chờ xử lý trước các hạn chót đã "
    "cấu hình."
)


def rename(apps, schema_editor, old=(OLD_NAME, OLD_DESCRIPTION), new=(NEW_NAME, NEW_DESCRIPTION)):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    # Only the seeded wording: an entry an admin already renamed is left as it is.
    if not PeriodicTask.objects.filter(name=new[0]).exists():
        PeriodicTask.objects.filter(name=old[0]).update(name=new[0])
    PeriodicTask.objects.filter(name=new[0], description=old[1]).update(description=new[1])


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old=(NEW_NAME, NEW_DESCRIPTION), new=(OLD_NAME, OLD_DESCRIPTION))


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_plan_approval")]

    operations = [
        migrations.AlterField(
            model_name="plandeadline",
            name="reminder_days_before",
            field=models.PositiveSmallIntegerField(
                default=5,
                help_text=(
                    "Cán bộ UBND địa phương còn hồ sơ chờ xử lý được nhắc trước hạn bấy nhiêu ngày."
                ),
                verbose_name="nhắc trước (ngày)",
            ),
        ),
        migrations.RunPython(rename, rename_back),
    ]
