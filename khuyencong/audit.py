"""The one helper every service calls to leave an audit row.

Every audited write also moves the cached pages' data version once it commits: a service that
changes money or a dossier without moving its state (an allocation confirmed, a disbursement
recorded) still shows at once on the cached dashboards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction

from khuyencong.models import AuditLog, User


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of ``obj`` as JSON-ready values, for ``before``/``after``."""
    return {name: _jsonable(getattr(obj, name)) for name in fields}


def record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str = "",
) -> AuditLog:
    """Append one audit row. Call it inside the service's transaction."""
    # robust: a cache outage after the commit must not turn a saved action into an error page.
    transaction.on_commit(bump_data_version, robust=True)
    return AuditLog.objects.create(
        actor=actor,
        actor_name=(actor.get_full_name() or actor.username) if actor else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        note=note,
    )


def record_created(
    *, actor: User | None, action: str, obj: models.Model, fields: list[str], note: str = ""
) -> AuditLog:
    """The audit row of a newly created ``obj``: nothing before, its ``fields`` after."""
    return record(
        actor=actor, action=action, obj=obj, before=None, after=snapshot(obj, fields), note=note
    )


DATA_VERSION_KEY = "audited-data-version"


def data_version() -> int:
    """A number that changes after every committed audited write (a cache read, no query)."""
    return cache.get(DATA_VERSION_KEY, 0)


def bump_data_version() -> None:
    cache.add(DATA_VERSION_KEY, 0, timeout=None)
    try:
        cache.incr(DATA_VERSION_KEY)
    except ValueError:  # evicted between add and incr
        cache.set(DATA_VERSION_KEY, 1, timeout=None)
