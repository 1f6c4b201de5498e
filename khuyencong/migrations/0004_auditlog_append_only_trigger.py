"""On PostgreSQL, refuse UPDATE and DELETE on the audit log at the database level."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION khuyencong_auditlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'khuyencong_auditlog is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER khuyencong_auditlog_append_only
    BEFORE UPDATE OR DELETE ON khuyencong_auditlog
    FOR EACH ROW EXECUTE FUNCTION khuyencong_auditlog_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS khuyencong_auditlog_append_only ON khuyencong_auditlog;
DROP FUNCTION IF EXISTS khuyencong_auditlog_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("khuyencong", "0003_seed_localities")]

    operations = [migrations.RunPython(forwards, backwards)]
