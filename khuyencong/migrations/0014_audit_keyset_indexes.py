"""Issue 14: the audit log's keyset indexes, built concurrently on PostgreSQL (the audit table
holds millions of rows: a plain CREATE INDEX would block the portal's writes for its length).
"""

from django.db import migrations, models

from khuyencong.lib.migration_ops import AddIndexOnline


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('khuyencong', '0013_audit_keyset_and_unaccent'),
    ]

    operations = [
        AddIndexOnline(
            model_name='auditlog',
            index=models.Index(fields=['-created_at', '-id'], name='audit_keyset'),
        ),
        AddIndexOnline(
            model_name='auditlog',
            index=models.Index(fields=['actor', '-created_at', '-id'], name='audit_actor_keyset'),
        ),
        AddIndexOnline(
            model_name='auditlog',
            index=models.Index(fields=['action', '-created_at', '-id'], name='audit_action_keyset'),
        ),
        AddIndexOnline(
            model_name='auditlog',
            index=models.Index(fields=['object_repr'], name='audit_repr_prefix', opclasses=['varchar_pattern_ops']),
        ),
    ]
