"""ActivityGroup and ActivityType now belong to the catalogue (same tables: state only)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0013_catalogue_moved"),
        ("budgets", "0005_catalogue_moved"),
        ("reports", "0004_catalogue_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="ActivityType"),
                migrations.DeleteModel(name="ActivityGroup"),
            ],
        ),
    ]
