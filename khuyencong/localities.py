"""The province's administrative units as dated data, from the `vietnam-provinces` package.

The package carries the official list of the 34 provinces and their commune-level units in
force since 1 July 2025 (data version in ``vietnam_provinces.__data_version__``); Vĩnh Long
(code 86, the merger of Vĩnh Long, Bến Tre and Trà Vinh) has 124 xã and phường. Syncing is
idempotent: new units are created, renamed ones renamed, units gone from the list closed
(``valid_to`` set), never deleted, because proposals keep the unit that reviewed them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

# The new commune-level units took office on this day (the district level ended on 30/6/2025).
COMMUNES_FROM = dt.date(2025, 7, 1)
DISTRICTS_TO = dt.date(2025, 6, 30)

# The reviewer's generic name per configured level, where no unit is known (a unit's own
# committee name, "UBND xã Cái Nhum", comes from ``Locality.committee_name``).
LEVEL_NAMES = {"commune": "UBND xã, phường", "district": "UBND huyện", "none": "Sở Công Thương"}


def has_intermediate_review() -> bool:
    """Whether a commune or district reviews proposals before the DIT (INTERMEDIATE_LEVEL is not
    "none"); read at call time so a settings change takes effect without a restart."""
    return settings.INTERMEDIATE_LEVEL != "none"


def intermediate_name() -> str:
    """Who takes in facilities and their proposals first, in words: INTERMEDIATE_LEVEL_NAME when
    set, else the level's generic name (the DIT itself when the level is "none")."""
    return settings.INTERMEDIATE_LEVEL_NAME or LEVEL_NAMES[settings.INTERMEDIATE_LEVEL]


@dataclass(frozen=True)
class SyncResult:
    created: int
    renamed: int
    closed: int
    unchanged: int
    data_version: str


def official_units(province_code: int) -> tuple[str, list[tuple[str, str]]]:
    """(province name, [(code, name)]) of the commune-level units of ``province_code``."""
    from vietnam_provinces import Province, ProvinceCode, Ward

    code = ProvinceCode(province_code)
    province = Province.from_code(code)
    wards = sorted(Ward.iter_by_province(code), key=lambda w: int(w.code))
    return province.name, [(str(int(w.code)), w.name) for w in wards]


def data_version() -> str:
    import vietnam_provinces

    package, data = vietnam_provinces.__version__, vietnam_provinces.__data_version__
    return f"vietnam-provinces {package} (data {data})"


def sync_province_units(
    locality_model: Any, *, province_code: int, today: dt.date | None = None
) -> SyncResult:
    """Create or update the commune-level units of ``province_code`` from the package.

    ``locality_model`` is the ``Locality`` model (or its historical version in a migration).
    Units of the province no longer in the list get ``valid_to`` = the day before ``today``.
    """
    name, units = official_units(province_code)
    source = data_version()
    province, _ = locality_model.objects.get_or_create(
        code=str(province_code), defaults={"name": f"Tỉnh {name}", "level": "province"}
    )
    created = renamed = unchanged = 0
    seen = set()
    for code, unit_name in units:
        seen.add(code)
        unit = locality_model.objects.filter(code=code).first()
        if unit is None:
            locality_model.objects.create(
                code=code,
                name=unit_name,
                level="commune",
                parent=province,
                valid_from=COMMUNES_FROM,
                source=source,
            )
            created += 1
            continue
        changed = []
        for field, value in (("name", unit_name), ("source", source), ("parent_id", province.pk)):
            if getattr(unit, field) != value:
                setattr(unit, field, value)
                changed.append(field.removesuffix("_id"))
        if unit.valid_to is not None:
            unit.valid_to = None
            changed.append("valid_to")
        if changed:
            unit.save(update_fields=changed)
            renamed += 1
        else:
            unchanged += 1
    gone = locality_model.objects.filter(
        parent=province, level="commune", valid_to__isnull=True
    ).exclude(code__in=seen)
    closing_day = (today or timezone.localdate()) - dt.timedelta(days=1)
    closed = gone.update(valid_to=closing_day)
    return SyncResult(created, renamed, closed, unchanged, source)
