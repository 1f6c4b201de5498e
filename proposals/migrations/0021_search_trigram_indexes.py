"""Issue 14: trigram indexes on the folded proposal titles and facility names (PostgreSQL).

``kc_unaccent(title) LIKE '%may say%'`` (the DIT list, the admin) and ``kc_unaccent(name)``
(the public list, the admin) are index scans at 300,000 proposals. Nothing on SQLite.
"""

from django.db import migrations

from khuyencong.lib.pg_search import postgres_only, trigram_index

_indexes = [
    trigram_index("proposals_proposal", "title", concurrently=True),
    trigram_index("proposals_facility", "name", concurrently=True),
]
FORWARD, BACKWARD = postgres_only(
    [create for create, _ in _indexes], [drop for _, drop in _indexes]
)


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY: the portal keeps writing proposals during the build (issue 20).
    atomic = False

    dependencies = [
        ("khuyencong", "0013_audit_keyset_and_unaccent"),
        ("proposals", "0020_backfill_recorded_locality"),
    ]

    operations = [migrations.RunPython(FORWARD, BACKWARD, elidable=False, atomic=False)]
