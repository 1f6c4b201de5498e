"""Synthetic national-scale history for benchmarks (``manage.py seed_scale``).

Every row is written with ``bulk_create`` in batches, straight to the tables (the audit rows with
``COPY`` on PostgreSQL), chunk by chunk: the services would take hours for 100,000 proposals.
The data is therefore *plausible* rather than *lived*: about ten audit rows per proposal replay
its path through the workflow (``audit.py``), but there are no revisions and no notifications.
Every seeded facility carries an e-mail at ``SCALE_DOMAIN`` so that the command can tell its
own rows from real ones and refuse to mix them.
"""

from khuyencong.seed.scale.base import (
    Report,
    ScaleRefused,
    has_foreign_data,
    has_scale_data,
    seeded_size,
    tax_code,
    wipe,
)
from khuyencong.seed.scale.seeder import Seeder
from khuyencong.seed.scale.tables import SCALE_DOMAIN, SHARED_FILE, USER_PREFIX

__all__ = [
    "SCALE_DOMAIN",
    "SHARED_FILE",
    "USER_PREFIX",
    "Report",
    "ScaleRefused",
    "Seeder",
    "has_foreign_data",
    "has_scale_data",
    "seeded_size",
    "tax_code",
    "wipe",
]
