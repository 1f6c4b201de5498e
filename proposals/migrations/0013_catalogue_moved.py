"""Proposals point at the catalogue's models (same tables: state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
        ("proposals", "0012_attachment_removed_at_removed_by"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="proposal",
                    name="activity_type",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="proposals",
                        to="catalogue.activitytype",
                        verbose_name="nội dung hoạt động",
                    ),
                ),
                migrations.AlterField(
                    model_name="proposal",
                    name="fund_source",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="proposals",
                        to="catalogue.fundsource",
                        verbose_name="nguồn kinh phí",
                    ),
                ),
            ],
        ),
    ]
