"""Export one plan year's data as a zip of CSV files (one per table), for archiving or audit."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from budgets.models import Allocation, Disbursement, Settlement
from khuyencong.lib.exports import csv_writer
from khuyencong.models import AuditLog
from proposals.models import CostLine, Proposal


def _csv(rows: models.QuerySet) -> str:
    fields = [f for f in rows.model._meta.concrete_fields]
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow([f.attname for f in fields])
    for obj in rows.order_by("pk").iterator(chunk_size=1000):
        writer.writerow([f.value_to_string(obj) for f in fields])
    return buffer.getvalue()


def _audit_rows(groups: Iterable[models.QuerySet]) -> models.QuerySet:
    condition = Q(pk__in=[])
    for rows in groups:
        content_type = ContentType.objects.get_for_model(rows.model)
        ids = [str(pk) for pk in rows.values_list("pk", flat=True)]
        condition |= Q(content_type=content_type, object_id__in=ids)
    return AuditLog.objects.filter(condition)


def plan_year_tables(year: int) -> dict[str, models.QuerySet]:
    proposals = Proposal.objects.filter(plan_year=year)
    tables: dict[str, models.QuerySet] = {
        "proposals": proposals,
        "cost_lines": CostLine.objects.filter(proposal__in=proposals),
        "allocations": Allocation.objects.filter(proposal__in=proposals),
        "disbursements": Disbursement.objects.filter(allocation__proposal__in=proposals),
        "settlements": Settlement.objects.filter(proposal__in=proposals),
    }
    tables["audit"] = _audit_rows(tables.values())
    return tables


def plan_year_export(*, year: int, path: Path) -> dict[str, int]:
    """Write ``path`` (a zip of ``<table>.csv``) and return the row count of every table."""
    counts: dict[str, int] = {}
    partial = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, rows in plan_year_tables(year).items():
            counts[name] = rows.count()
            # A BOM so that spreadsheet software reads the Vietnamese text as UTF-8.
            archive.writestr(f"{name}.csv", "\ufeff" + _csv(rows))
    partial.replace(path)
    return counts
