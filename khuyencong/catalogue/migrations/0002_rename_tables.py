"""Give the catalogue's tables the catalogue's names and carry the content types over, so the
audit rows and admin history of a rule or an activity type stay attached to it."""

from django.db import migrations

MOVED = {
    "activitygroup": "proposals",
    "activitytype": "proposals",
    "fundsource": "budgets",
    "supportrule": "budgets",
}


def carry_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, old_app in MOVED.items():
        ContentType.objects.filter(app_label=old_app, model=model).update(app_label="catalogue")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, old_app in MOVED.items():
        ContentType.objects.filter(app_label="catalogue", model=model).update(app_label=old_app)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("proposals", "0014_catalogue_moved_out"),
        ("budgets", "0005_catalogue_moved"),
        ("reports", "0004_catalogue_moved"),
    ]

    operations = [
        migrations.AlterModelTable(name="activitygroup", table=None),
        migrations.AlterModelTable(name="activitytype", table=None),
        migrations.AlterModelTable(name="fundsource", table=None),
        migrations.AlterModelTable(name="supportrule", table=None),
        migrations.RunPython(carry_content_types, restore_content_types),
    ]
