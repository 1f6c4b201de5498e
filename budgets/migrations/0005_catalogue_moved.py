"""FundSource and SupportRule now belong to the catalogue (same tables: state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0004_seed_fund_sources_and_rules"),
        ("catalogue", "0001_initial"),
        ("proposals", "0013_catalogue_moved"),
        ("reports", "0004_catalogue_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="appropriation",
                    name="fund_source",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="catalogue.fundsource",
                        verbose_name="nguồn kinh phí",
                    ),
                ),
                migrations.DeleteModel(name="SupportRule"),
                migrations.DeleteModel(name="FundSource"),
            ],
        ),
    ]
