"""Implementation monitoring: the workflow steps after approval.

Start (contract), acceptance (nghiệm thu) and cancellation go through ``run_transition``.
Where a step has a money side (acceptance, cancellation), ``budgets.services.lifecycle``
calls the step here inside its own transaction and does the money part.
Progress reports and inspections live in ``monitoring_records``, change requests in
``monitoring_changes``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.lib.dates import short_date
from khuyencong.lib.money import format_vnd
from khuyencong.models import User
from khuyencong.notifications import notify
from proposals.models import (
    Acceptance,
    AcceptanceLine,
    ChangeRequest,
    MonitoringFile,
    Proposal,
)
from proposals.monitoring.selectors import allocation_available
from proposals.monitoring.services.common import (
    Files,
    attach_files,
    detail_url,
    facility_owners,
    lock_proposal,
    rule_cap,
)
from proposals.permissions import can_take
from proposals.services.workflow import run_transition
from proposals.workflow import Action

# --- Start of implementation ------------------------------------------------------------------


def proposal_start(
    *,
    proposal: Proposal,
    actor: User,
    contract_number: str,
    contract_date: dt.date,
    files: Files = (),
) -> Proposal:
    """Record the contract and move the approved proposal to ``in_progress``."""
    contract_number = contract_number.strip()
    if not contract_number:
        raise ServiceError(_("Vui lòng nhập số hợp đồng."))
    if contract_date > timezone.localdate():
        raise ServiceError(_("Ngày hợp đồng không được sau ngày hôm nay."))

    def change(locked: Proposal) -> list[str]:
        if locked.decision_date and contract_date < locked.decision_date:
            raise ServiceError(
                _("Ngày hợp đồng (%(contract)s) không được trước ngày quyết định phê duyệt "
                  "(%(decision)s).")
                % {"contract": short_date(contract_date),
                   "decision": short_date(locked.decision_date)}
            )  # fmt: skip
        locked.contract_number = contract_number
        locked.contract_date = contract_date
        attach_files(proposal=locked, actor=actor, files=files, kind=MonitoringFile.Kind.CONTRACT)
        return ["contract_number", "contract_date"]

    return run_transition(
        proposal=proposal,
        actor=actor,
        action=Action.START,
        change=change,
        note=lambda: (
            _("Hợp đồng số %(number)s ngày %(date)s")
            % {"number": contract_number, "date": short_date(contract_date)}
        ),
    )


# --- Acceptance (nghiệm thu) ------------------------------------------------------------------


@dataclass(frozen=True)
class AcceptanceInput:
    accepted_on: dt.date
    members: str
    result: str
    line_amounts: Mapping[int, int]
    accepted_support: int | None = None  # None: the most the caps allow
    conditions: str = ""
    jobs_achieved: int | None = None
    capacity_achieved: str = ""
    revenue_achieved: int | None = None


def support_caps(proposal: Proposal, accepted_cost: int) -> list[tuple[int, str]]:
    """Every ceiling on the accepted support, each with the words that explain it."""
    rule_max, explanation = rule_cap(proposal, accepted_cost)
    available = allocation_available(proposal)
    approved = proposal.approved_amount or 0
    return [
        (rule_max, explanation),
        (available, _("kinh phí được phân bổ: %(v)s") % {"v": format_vnd(available)}),
        (approved, _("kinh phí được phê duyệt: %(v)s") % {"v": format_vnd(approved)}),
    ]


def _check_acceptance(locked: Proposal, data: AcceptanceInput) -> tuple[int, int]:
    """Validate against the locked proposal; return (accepted cost, accepted support)."""
    if not data.members.strip():
        raise ServiceError(_("Vui lòng nêu thành phần hội đồng nghiệm thu."))
    if data.result not in Acceptance.Result.values:
        raise ServiceError(_("Kết quả nghiệm thu không hợp lệ."))
    if data.result == Acceptance.Result.PASS_WITH_CONDITIONS and not data.conditions.strip():
        raise ServiceError(_("Vui lòng nêu các điều kiện kèm theo kết quả nghiệm thu."))
    if data.accepted_on > timezone.localdate():
        raise ServiceError(_("Ngày nghiệm thu không được sau ngày hôm nay."))
    if locked.contract_date and data.accepted_on < locked.contract_date:
        raise ServiceError(
            _("Ngày nghiệm thu (%(day)s) không được trước ngày hợp đồng (%(contract)s).")
            % {"day": short_date(data.accepted_on), "contract": short_date(locked.contract_date)}
        )
    lines = {line.pk: line for line in locked.lines.all()}
    if set(data.line_amounts) - set(lines):
        raise ServiceError(_("Dòng dự toán không thuộc đề án này."))
    cost = 0
    for line_id, amount in data.line_amounts.items():
        line = lines[line_id]
        if amount < 0:
            raise ServiceError(
                _("Kinh phí nghiệm thu của dòng “%(line)s” không được âm.") % {"line": line.content}
            )
        if amount > line.amount:
            raise ServiceError(
                _("Kinh phí nghiệm thu của dòng “%(line)s” (%(amount)s) vượt dự toán của dòng "
                  "(%(estimate)s).")
                % {
                    "line": line.content,
                    "amount": format_vnd(amount),
                    "estimate": format_vnd(line.amount),
                }
            )  # fmt: skip
        cost += amount
    if data.result == Acceptance.Result.FAIL:
        return cost, 0
    caps = support_caps(locked, cost)
    maximum = min(v for v, _why in caps)
    if data.accepted_support is None:
        return cost, maximum
    if data.accepted_support < 0:
        raise ServiceError(_("Kinh phí khuyến công được nghiệm thu không được âm."))
    for value, why in caps:
        if data.accepted_support > value:
            raise ServiceError(
                _("Kinh phí khuyến công được nghiệm thu (%(v)s) vượt giới hạn: %(why)s.")
                % {"v": format_vnd(data.accepted_support), "why": why}
            )
    return cost, data.accepted_support


def _record_acceptance(
    locked: Proposal,
    actor: User,
    data: AcceptanceInput,
    cost: int,
    support: int,
    minutes: Files,
    invoices: Files,
) -> Acceptance:
    acceptance = Acceptance.objects.create(
        proposal=locked,
        accepted_on=data.accepted_on,
        members=data.members.strip(),
        result=data.result,
        conditions=data.conditions.strip(),
        accepted_cost=cost,
        accepted_support=support,
        jobs_achieved=data.jobs_achieved,
        capacity_achieved=data.capacity_achieved.strip(),
        revenue_achieved=data.revenue_achieved,
        recorded_by=actor,
    )
    AcceptanceLine.objects.bulk_create(
        AcceptanceLine(acceptance=acceptance, cost_line_id=pk, accepted_amount=amount)
        for pk, amount in data.line_amounts.items()
    )
    attach_files(proposal=locked, actor=actor, files=minutes, kind="minutes", acceptance=acceptance)
    attach_files(
        proposal=locked, actor=actor, files=invoices, kind="invoice", acceptance=acceptance
    )
    return acceptance


def proposal_accept(
    *,
    proposal: Proposal,
    actor: User,
    data: AcceptanceInput,
    minutes: Files,
    invoices: Files = (),
) -> Acceptance:
    """Record the acceptance. A pass moves the proposal to ``accepted`` with its accepted cost
    and support; a fail is kept on record and leaves the work in progress."""
    minutes = list(minutes)
    invoices = list(invoices)
    if not minutes:
        raise ServiceError(_("Vui lòng đính kèm biên bản nghiệm thu."))
    result: dict[str, Acceptance] = {}

    def change(locked: Proposal) -> list[str]:
        cost, support = _check_acceptance(locked, data)
        result["acceptance"] = _record_acceptance(
            locked, actor, data, cost, support, minutes, invoices
        )
        locked.accepted_cost = cost
        locked.accepted_support = support
        return ["accepted_cost", "accepted_support"]

    if data.result != Acceptance.Result.FAIL:
        run_transition(
            proposal=proposal,
            actor=actor,
            action=Action.ACCEPT,
            change=change,
            note=lambda: (
                _("Nghiệm thu ngày %(day)s: %(result)s")
                % {
                    "day": short_date(data.accepted_on),
                    "result": Acceptance.Result(data.result).label,
                }
            ),
        )
        return result["acceptance"]

    with transaction.atomic():
        locked = lock_proposal(proposal)
        allowed, reason = can_take(actor, locked, Action.ACCEPT)
        if not allowed:
            raise ServiceError(reason)
        cost, support = _check_acceptance(locked, data)
        acceptance = _record_acceptance(locked, actor, data, cost, support, minutes, invoices)
        audit.record(
            actor=actor,
            action="proposal.acceptance_failed",
            obj=locked,
            after={"accepted_on": data.accepted_on, "result": data.result},
            note=data.conditions,
        )
        notify(
            recipients=facility_owners(locked),
            subject=lambda: _("Đề án %(code)s: nghiệm thu không đạt") % {"code": locked.code},
            body=lambda: data.conditions,
            url=detail_url(locked),
        )
    return acceptance


# --- Cancellation -----------------------------------------------------------------------------


def proposal_cancel(*, proposal: Proposal, actor: User, reason: str) -> Proposal:
    """Cancel an approved or running proposal (the workflow step only).

    Its money side (the refusal while money is out, the release of the allocation) belongs to
    ``budgets.services.lifecycle.proposal_cancel``, which calls this inside its transaction;
    the cancellation page posts there."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Vui lòng nêu lý do hủy đề án."))

    def change(locked: Proposal) -> list[str]:
        locked.last_reason = reason
        # An open change request has nothing left to change.
        ChangeRequest.objects.filter(proposal=locked, status=ChangeRequest.Status.PENDING).update(
            status=ChangeRequest.Status.REFUSED,
            decided_by=actor,
            decided_at=timezone.now(),
            decision_note=_("Đề án đã bị hủy."),
        )
        return ["last_reason"]

    return run_transition(
        proposal=proposal, actor=actor, action=Action.CANCEL, change=change, note=reason
    )
