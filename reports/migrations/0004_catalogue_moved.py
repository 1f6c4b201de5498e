"""Plan lines point at the catalogue's models (same tables: state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
        ("reports", "0003_requeue_stale_documents_schedule"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="planline",
                    name="activity_type",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="catalogue.activitytype",
                        verbose_name="nội dung hoạt động",
                    ),
                ),
                migrations.AlterField(
                    model_name="planline",
                    name="fund_source",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="catalogue.fundsource",
                        verbose_name="nguồn kinh phí",
                    ),
                ),
            ],
        ),
    ]
