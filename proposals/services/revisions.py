"""Frozen copies of a proposal, so reviewers can see what changed between two steps."""

from __future__ import annotations

from typing import Any

from django.db.models import Max

from khuyencong.audit import _jsonable
from khuyencong.models import User
from proposals.models import CONTENT_FIELDS, Proposal, Revision

# The fields of the đề án a revision keeps, in the order a diff shows them.
SNAPSHOT_FIELDS = [
    f"{name}_id" if name in ("activity_type", "fund_source") else name for name in CONTENT_FIELDS
] + ["total_cost", "requested_support", "counterpart"]
LINE_FIELDS = [
    "content",
    "unit",
    "quantity",
    "unit_price",
    "amount",
    "requested_support",
    "counterpart",
]


def snapshot(proposal: Proposal) -> dict[str, Any]:
    """``{"fields": {...}, "lines": [{...}], "attachments": [{...}]}`` of the proposal now."""
    return {
        "fields": {name: _jsonable(getattr(proposal, name)) for name in SNAPSHOT_FIELDS},
        "lines": [
            {"id": line.pk, **{name: _jsonable(getattr(line, name)) for name in LINE_FIELDS}}
            for line in proposal.lines.all()
        ],
        "attachments": [
            {"id": a.pk, "kind": a.kind, "original_name": a.original_name, "size": a.size}
            for a in proposal.attachments.current()
        ],
    }


def revision_create(*, proposal: Proposal, actor: User, reason: str) -> Revision:
    """Store a revision; call inside the transaction of the action that causes it."""
    last = proposal.revisions.aggregate(n=Max("number"))["n"] or 0
    return Revision.objects.create(
        proposal=proposal,
        number=last + 1,
        created_by=actor,
        reason=reason,
        data=snapshot(proposal),
    )
