"""Each cost line gets a category of its activity's rule (issue 17 item 7)."""

import django.db.models.deletion
from django.db import migrations, models


def default_category(apps, schema_editor):
    """Existing lines take their activity's general category (eligible, as they counted before).

    An activity with its own list and no general category (the fair abroad) leaves its old
    lines empty: they keep counting as eligible until the facility picks a category.
    """
    CostLine = apps.get_model("proposals", "CostLine")
    CostCategory = apps.get_model("catalogue", "CostCategory")
    for category in CostCategory.objects.filter(code="general"):
        CostLine.objects.filter(
            category__isnull=True, proposal__activity_type_id=category.activity_type_id
        ).update(category=category)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0003_cost_categories"),
        ("proposals", "0015_monitoring_task_moved"),
    ]

    operations = [
        migrations.AddField(
            model_name="costline",
            name="category",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalogue.costcategory",
                verbose_name="khoản chi",
            ),
        ),
        migrations.RunPython(default_category, migrations.RunPython.noop),
    ]
