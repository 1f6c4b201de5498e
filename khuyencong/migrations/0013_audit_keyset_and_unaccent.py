"""Issue 14: the audit log's keyset indexes, and diacritics-insensitive search.

On PostgreSQL: the ``unaccent`` and ``pg_trgm`` extensions, the IMMUTABLE ``kc_unaccent``
wrapper and trigram indexes on the users' names (the audit log's actor autocomplete). Nothing
of that on SQLite, where ``kc_unaccent`` is a Python function (``khuyencong.search``).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.postgres.operations import CreateExtension
from django.db import migrations, models

from khuyencong.lib.pg_search import DROP_FUNCTION, FUNCTION, postgres_only, trigram_index

USER_COLUMNS = ("first_name", "last_name", "username")
_indexes = [trigram_index("khuyencong_user", column) for column in USER_COLUMNS]
FORWARD, BACKWARD = postgres_only(
    [FUNCTION, *(create for create, _ in _indexes)],
    [*(drop for _, drop in _indexes), DROP_FUNCTION],
)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('khuyencong', '0012_role_label_intermediate_officer'),
    ]

    operations = [
        CreateExtension("unaccent"),
        CreateExtension("pg_trgm"),
        migrations.RunPython(FORWARD, BACKWARD, elidable=False),
        migrations.AlterField(
            model_name='auditlog',
            name='actor',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thực hiện'),
        ),
        migrations.AlterField(
            model_name='auditlog',
            name='action',
            field=models.CharField(max_length=100, verbose_name='hành động'),
        ),
        migrations.AlterField(
            model_name='auditlog',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='thời điểm'),
        ),
    ]
