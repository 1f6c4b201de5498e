"""What the parts of the scale seeder share, and how its rows are recognised and wiped."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from budgets.models import Allocation, Appropriation, Disbursement, Settlement
from khuyencong.models import AuditLog, User
from khuyencong.seed.scale.tables import (
    BATCH,
    FIRST_STATES,
    SCALE_DOMAIN,
    USER_PREFIX,
    YEARS,
)
from proposals.models import (
    DossierSequence,
    Facility,
    Proposal,
    Score,
    ScoreSheet,
)


class FacilityRef(NamedTuple):
    """What the proposals need of a seeded facility (a tuple, not a model instance)."""

    id: int
    owner_id: int
    locality_id: int
    name: str
    address: str


class ScaleRefused(Exception):
    """The database holds real (non-scale) data and ``--force`` was not given."""


@dataclass
class Report:
    rows: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: float = 0.0


def has_foreign_data() -> bool:
    """Whether the database holds facilities or proposals that this seeder did not write."""
    foreign = Facility.objects.exclude(email__endswith=f"@{SCALE_DOMAIN}")
    return foreign.exists() or Proposal.objects.exclude(facility__in=_scale_facilities()).exists()


def has_scale_data() -> bool:
    return User.objects.filter(username__startswith=USER_PREFIX).exists()


def seeded_size() -> int | None:
    """The number of proposals of a complete earlier seed (its audit rows written, the run
    finished), ``None`` when there is none."""
    if not has_scale_data() or has_foreign_data():
        return None
    finished = Appropriation.objects.filter(
        created_by__username=f"{USER_PREFIX}finance", amount__gt=1
    ).exists()  # set by the seeder's last step
    audited = AuditLog.objects.filter(actor__username__startswith=USER_PREFIX).exists()
    return Proposal.objects.count() if finished and audited else None


def _scale_facilities() -> Any:
    return Facility.objects.filter(email__endswith=f"@{SCALE_DOMAIN}")


def tax_code(n: int) -> str:
    """A 10-digit tax number with a valid check digit (skips bases whose digit would be 10)."""
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    base = 800_000_000 + n * 7
    while True:
        digits = f"{base:09d}"[-9:]
        check = 10 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        if 0 <= check <= 9:
            return f"{digits}{check}"
        base += 1


def _pick(rng: random.Random, table: Sequence[tuple[str, int]]) -> str:
    return rng.choices([s for s, _w in table], weights=[w for _s, w in table])[0]


def _batched(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class SeederBase:
    """The state every part of the seeder shares: the random source, the report, the batches."""

    def __init__(self, *, proposals: int, seed: int, log: Callable[[str], None]) -> None:
        self.total = proposals
        # Synthetic data, reproducible from the seed: not a security use of randomness.
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311
        self.log = log
        self.report = Report()
        self.today = timezone.localdate()
        self.years = list(range(self.today.year - YEARS + 1, self.today.year + 1))
        # Continue the dossier numbering of a database that already has some (``--force``).
        self.sequence: dict[int, int] = defaultdict(
            int, DossierSequence.objects.values_list("year", "last")
        )
        self.allocated: dict[tuple[int, int], int] = defaultdict(int)
        # Popped from the end: the states the inboxes and dashboards wait on come first, so
        # that even ten proposals fill every list (a page's queries are then comparable).
        self.sequence_of_states = list(reversed(FIRST_STATES))

    # --- helpers -------------------------------------------------------------------------
    def _bulk(self, model: type, objs: list[Any]) -> list[Any]:
        model.objects.bulk_create(objs, batch_size=BATCH)
        self.report.rows[model._meta.label] += len(objs)
        return objs

    def _moment(self, year: int, day_of_year: int) -> dt.datetime:
        day = dt.date(year - 1, 9, 1) + dt.timedelta(days=day_of_year)
        day = min(day, self.today)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(8 + day_of_year % 9)))


def _wipe_audit_rows() -> None:
    """Delete the audit rows whose actor is a seeded user: the log is append-only (the model
    refuses, and on PostgreSQL a trigger too), so this is raw SQL with the triggers off for
    these statements (which takes a superuser, as the benchmark databases have). Only synthetic
    rows go: every real row has a real actor or none."""
    table = AuditLog._meta.db_table
    users = User.objects.filter(username__startswith=USER_PREFIX).values_list("pk", flat=True)
    ids = list(users)
    if not ids:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The append-only trigger off for these statements (a superuser's benchmark base).
            cursor.execute("SET LOCAL session_replication_role = replica")
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            sql = f"DELETE FROM {table} WHERE actor_id IN ({marks})"  # noqa: S608  # nosec B608
            cursor.execute(sql, chunk)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


def wipe() -> None:
    """Delete every row this seeder wrote (and nothing else)."""
    facilities = _scale_facilities()
    proposals = Proposal.objects.filter(facility__in=facilities)
    with transaction.atomic():
        _wipe_audit_rows()
        Settlement.objects.filter(proposal__in=proposals).delete()
        Disbursement.objects.filter(allocation__proposal__in=proposals).delete()
        Allocation.objects.filter(proposal__in=proposals).delete()
        Appropriation.objects.filter(created_by__username=f"{USER_PREFIX}finance").delete()
        Score.objects.filter(sheet__appraisal__proposal__in=proposals).delete()
        ScoreSheet.objects.filter(appraisal__proposal__in=proposals).delete()
        proposals.delete()
        User.objects.filter(username__startswith=USER_PREFIX).delete()
        facilities.delete()
        # Give back the dossier numbers: continue after the highest code still in use.
        for sequence in DossierSequence.objects.all():
            codes = Proposal.objects.filter(code__startswith=f"KC-{sequence.year}-")
            last = max(
                (int(c.rsplit("-", 1)[1]) for c in codes.values_list("code", flat=True)), default=0
            )
            if last != sequence.last:
                sequence.last = last
                sequence.save(update_fields=["last"])
