"""The audit rows of the synthetic history: about ten per proposal, as the services would write.

Each proposal's path through the workflow is replayed from its final state: who acted (the
owner, the officer of its district, the DIT, a council member, the leader, finance), in which
order, dated between its creation and its last state change. The rows of a chunk are produced
by a generator and written in batches of ``BATCH`` (``bulk_create``), so no list of every row
is ever held.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType

from budgets.models import Allocation, Confirmation, Disbursement, Settlement
from khuyencong.models import AuditLog
from khuyencong.seed.scale.base import SeederBase
from khuyencong.seed.scale.tables import BATCH
from proposals.models import Proposal, ScoreSheet, State

COLUMNS = (
    "created_at",
    "actor_id",
    "actor_name",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "before",
    "after",
    "note",
)
# One event: (actor role key, action, object or None for the proposal, before, after).
Event = tuple[str, str, Any, dict | None, dict | None]

S = State
_REVIEW = [
    ("owner", "submit", S.DRAFT, S.SUBMITTED),
    ("district", "forward", S.SUBMITTED, S.FORWARDED),
]
_APPRAISAL = [*_REVIEW, ("dit", "start_appraisal", S.FORWARDED, S.UNDER_APPRAISAL)]
_APPRAISED = [*_APPRAISAL, ("dit", "conclude_appraisal", S.UNDER_APPRAISAL, S.APPRAISED)]
_APPROVED = [*_APPRAISED, ("leader", "approve", S.APPRAISED, S.APPROVED)]
_STARTED = [*_APPROVED, ("dit", "start", S.APPROVED, S.IN_PROGRESS)]
_ACCEPTED = [*_STARTED, ("dit", "accept", S.IN_PROGRESS, S.ACCEPTED)]
# The transitions (actor, action, source, target) that led each proposal to its final state.
PATHS: dict[str, list[tuple[str, str, str, str]]] = {
    S.DRAFT: [],
    S.SUBMITTED: _REVIEW[:1],
    S.RETURNED: [*_REVIEW[:1], ("district", "return", S.SUBMITTED, S.RETURNED)],
    S.FORWARDED: _REVIEW,
    S.UNDER_APPRAISAL: _APPRAISAL,
    S.APPRAISED: _APPRAISED,
    S.APPROVED: _APPROVED,
    S.IN_PROGRESS: _STARTED,
    S.ACCEPTED: _ACCEPTED,
    S.SETTLED: [*_ACCEPTED, ("finance", "settle", S.ACCEPTED, S.SETTLED)],
    S.REJECTED: [*_REVIEW, ("dit", "reject", S.FORWARDED, S.REJECTED)],
    S.WITHDRAWN: [*_REVIEW[:1], ("owner", "withdraw", S.SUBMITTED, S.WITHDRAWN)],
    S.CANCELLED: [*_STARTED, ("leader", "cancel", S.IN_PROGRESS, S.CANCELLED)],
}
# Where the money and score rows fall in a path: right after this transition.
AFTER = {
    ScoreSheet: "start_appraisal",
    Allocation: "approve",
    Disbursement: "start",
    Settlement: "accept",
}
MONEY_ACTION = {
    ScoreSheet: ("council", "scoresheet.submit"),
    Allocation: ("finance", "allocation.confirm"),
    Disbursement: ("finance", "disbursement.confirm"),
    Settlement: ("finance", "settlement.confirm"),
}


class AuditRows(SeederBase):
    def _audit_types(self) -> dict[type, int]:
        if not hasattr(self, "_content_types"):
            models = (Proposal, ScoreSheet, Allocation, Disbursement, Settlement)
            self._content_types = {m: ContentType.objects.get_for_model(m).pk for m in models}
        return self._content_types

    def _events(self, p: Proposal, extra: list[Any]) -> list[Event]:
        """The proposal's audited actions in order: creation, upload, then its path, with the
        score sheets and money rows after the transition that made them possible."""
        events: list[Event] = [
            ("owner", "proposal.create", None, None, {"state": S.DRAFT}),
            ("owner", "proposal.attachment_upload", None, None, None),
        ]
        by_step: dict[str, list[Any]] = defaultdict(list)
        for obj in extra:
            by_step[AFTER[type(obj)]].append(obj)
        for role, action, source, target in PATHS[p.state]:
            events.append((role, f"proposal.{action}", None, {"state": source}, {"state": target}))
            for obj in by_step.get(action, ()):
                if isinstance(obj, ScoreSheet) and obj.submitted_at is None:
                    continue  # this member has not scored yet
                if isinstance(obj, Allocation):
                    events.append(("dit", "allocation.propose", obj, None, _money_after(obj)))
                    if obj.status != Confirmation.CONFIRMED:
                        continue
                events.append((*MONEY_ACTION[type(obj)], obj, None, _money_after(obj)))
        return events

    def _actor(self, role: str, p: Proposal, obj: Any) -> tuple[int, str]:
        if role == "owner":
            return p.created_by_id, self.owner_names[p.created_by_id]
        if role == "council":
            user = next(u for u in self.council if u.pk == obj.member_id)
        elif role == "district":
            user = self.district_of.get(p.locality_id) or self.dit
        else:
            user = {"dit": self.dit, "leader": self.leader, "finance": self.finance}[role]
        return user.pk, user.username

    def _audit_rows_of(self, proposals: list[Proposal], extra: Iterable[Any]) -> Iterator[tuple]:
        types = self._audit_types()
        of_proposal: dict[int, list[Any]] = defaultdict(list)
        for obj in extra:
            if isinstance(obj, ScoreSheet):
                of_proposal[obj.appraisal.proposal_id].append(obj)
            elif isinstance(obj, Disbursement):
                of_proposal[obj.allocation.proposal_id].append(obj)
            else:
                of_proposal[obj.proposal_id].append(obj)
        for p in proposals:
            events = self._events(p, of_proposal.get(p.pk, []))
            span = (p.state_changed_at - p.created_at) / max(1, len(events) - 1)
            label = f"{p.code or '(chưa có mã)'} · {p.title}"[:300]
            last = len(events) - 1
            for step, (role, action, obj, before, after) in enumerate(events):
                actor_id, actor_name = self._actor(role, p, obj)
                target = obj if obj is not None else p
                yield (
                    p.state_changed_at if step == last else p.created_at + span * step,
                    actor_id,
                    actor_name,
                    action,
                    types[type(target)],
                    str(target.pk),
                    label if obj is None else f"{label} · {type(obj)._meta.model_name}",
                    before,
                    after,
                    "",
                )

    def _audit_rows(self, proposals: list[Proposal], sheets: list, money: list) -> None:
        """Write the audit rows of a chunk's proposals (streamed; see the module docstring)."""
        rows = self._audit_rows_of(proposals, itertools.chain(sheets, money))
        written = 0
        while batch := list(itertools.islice(rows, BATCH)):
            AuditLog.objects.bulk_create(
                AuditLog(**dict(zip(COLUMNS, row, strict=True))) for row in batch
            )
            written += len(batch)
        self.report.rows[AuditLog._meta.label] += written


def _money_after(obj: Any) -> dict[str, Any]:
    if isinstance(obj, ScoreSheet):
        return {"total": str(obj.total) if obj.total is not None else None}
    if isinstance(obj, Allocation):
        return {"amount": obj.amount, "status": obj.status}
    return {"amount": obj.amount}
