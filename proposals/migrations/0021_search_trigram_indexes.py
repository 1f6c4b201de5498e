"""Issue 14: trigram indexes on the folded proposal titles and facility names (PostgreSQL).

``kc_unaccent(title) LIKE '%may say%'`` (the DIT list, the admin) and ``kc_unaccent(name)``
(the public list, the admin) are index scans at 300,000 proposals. Nothing on SQLite.
"""

from django.db import migrations

from khuyencong.lib.pg_search import postgres_only, trigram_index

_indexes = [
    trigram_index("proposals_proposal", "title"),
    trigram_index("proposals_facility", "name"),
]
FORWARD, BACKWARD = postgres_only(
    [create for create, _ in _indexes], [drop for _, drop in _indexes]
)


class Migration(migrations.Migration):
    dependencies = [
        ("khuyencong", "0013_audit_keyset_and_unaccent"),
        ("proposals", "0020_backfill_recorded_locality"),
    ]

    operations = [migrations.RunPython(FORWARD, BACKWARD, elidable=False)]
