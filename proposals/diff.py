"""Field-by-field and line-by-line difference between two revisions of a proposal.

Reads the one revision format of ``proposals.services.revisions``; ``return_pair`` finds the
version a reviewer returned and the resubmitted one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from khuyencong.models import AuditLog
from proposals.models import Proposal, Revision
from proposals.services.revisions import LINE_FIELDS, SNAPSHOT_FIELDS

RETURN_ACTIONS = ("proposal.return", "proposal.request_info")
MONEY_FIELDS = frozenset(
    {"total_cost", "requested_support", "counterpart", "revenue_increase", "unit_price", "amount"}
)


@dataclass
class FieldChange:
    name: str
    label: str
    old: Any
    new: Any

    @property
    def is_money(self) -> bool:
        return self.name in MONEY_FIELDS


@dataclass
class LineChange:
    kind: str  # "added", "removed", "changed"
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class RevisionDiff:
    old: Revision
    new: Revision
    fields: list[FieldChange]
    lines: list[LineChange]
    attachments: list[LineChange]

    @property
    def is_empty(self) -> bool:
        return not (self.fields or self.lines or self.attachments)


def _label(model: type, name: str) -> str:
    try:
        return str(model._meta.get_field(name.removesuffix("_id")).verbose_name)
    except Exception:  # noqa: BLE001 - a field removed since the revision was taken
        return name


def diff_fields(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    names = [*SNAPSHOT_FIELDS, *sorted((set(old) | set(new)) - set(SNAPSHOT_FIELDS))]
    return [
        FieldChange(name, _label(Proposal, name), old.get(name), new.get(name))
        for name in names
        if old.get(name) != new.get(name)
    ]


def diff_rows(
    old: list[dict[str, Any]], new: list[dict[str, Any]], names: list[str]
) -> list[LineChange]:
    """Match rows by id; unmatched old rows were removed, unmatched new rows added."""
    from proposals.models import CostLine

    old_by_id = {row.get("id"): row for row in old}
    new_ids = {row.get("id") for row in new}
    changes: list[LineChange] = []
    for row in new:
        before = old_by_id.get(row.get("id"))
        if before is None:
            changes.append(LineChange("added", None, row))
            continue
        fields = [
            FieldChange(n, _label(CostLine, n), before.get(n), row.get(n))
            for n in names
            if before.get(n) != row.get(n)
        ]
        if fields:
            changes.append(LineChange("changed", before, row, fields))
    changes.extend(LineChange("removed", row, None) for row in old if row.get("id") not in new_ids)
    return changes


def diff_revisions(old: Revision, new: Revision) -> RevisionDiff:
    a, b = old.data or {}, new.data or {}
    return RevisionDiff(
        old=old,
        new=new,
        fields=diff_fields(a.get("fields", {}), b.get("fields", {})),
        lines=diff_rows(a.get("lines", []), b.get("lines", []), LINE_FIELDS),
        attachments=diff_rows(
            a.get("attachments", []), b.get("attachments", []), ["kind", "original_name", "size"]
        ),
    )


def return_pair(proposal: Proposal) -> tuple[Revision, Revision] | None:
    """(version the reviewer returned, the resubmitted version), or None.

    The returned version is the last revision taken before the latest return or request for
    information; the resubmitted one is the newest revision taken after it.
    """
    last_return = (
        AuditLog.objects.for_object(proposal)
        .filter(action__in=RETURN_ACTIONS)
        .order_by("-created_at", "-id")
        .first()
    )
    if last_return is None:
        return None
    revisions = list(proposal.revisions.order_by("number"))
    before = [r for r in revisions if r.created_at <= last_return.created_at]
    after = [r for r in revisions if r.created_at > last_return.created_at]
    if not before or not after:
        return None
    return before[-1], after[-1]
