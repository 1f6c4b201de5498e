"""District review and the DIT's decisions: one service per action, all via ``run_transition``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.exceptions import ServiceError
from khuyencong.lib.dates import short_date
from khuyencong.lib.money import format_vnd
from khuyencong.models import Locality, User
from proposals.caps import (
    applicable_rule,
    check_facility_cap,
    eligible_cost,
    lock_facility,
    rule_day,
)
from proposals.models import Appraisal, Facility, Proposal, State
from proposals.services.workflow import run_transition
from proposals.workflow import Action

# States in which a proposal keeps the priority rank its district gave it.
RANKED_STATES = (
    State.FORWARDED,
    State.UNDER_APPRAISAL,
    State.APPRAISED,
    State.APPROVED,
    State.IN_PROGRESS,
    State.ACCEPTED,
    State.SETTLED,
)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Vui lòng ghi rõ lý do."))
    return reason


def proposal_return(*, proposal: Proposal, actor: User, reason: str) -> Proposal:
    """District officer sends a submitted proposal back to the facility to complete."""
    reason = _reason(reason)

    def change(p: Proposal) -> list[str]:
        p.last_reason = reason
        return ["last_reason"]

    return run_transition(
        proposal=proposal, actor=actor, action=Action.RETURN, change=change, note=reason
    )


def proposal_forward(*, proposal: Proposal, actor: User, opinion: str, priority: int) -> Proposal:
    """District officer forwards to the DIT with its opinion and a rank unique in its year."""
    opinion = (opinion or "").strip()
    if not opinion:
        raise ServiceError(_("Vui lòng ghi ý kiến của UBND địa phương."))
    if priority is None or int(priority) < 1:
        raise ServiceError(_("Thứ tự ưu tiên phải là số nguyên dương."))

    def change(p: Proposal) -> list[str]:
        if not p.plan_year:
            raise ServiceError(_("Đề án chưa có năm kế hoạch."))
        # Lock the locality so two officers cannot give the same rank at once.
        Locality.objects.select_for_update().get(pk=p.locality_id)
        taken = (
            Proposal.objects.filter(
                locality_id=p.locality_id,
                plan_year=p.plan_year,
                district_priority=priority,
                state__in=RANKED_STATES,
            )
            .exclude(pk=p.pk)
            .first()
        )
        if taken is not None:
            raise ServiceError(
                _("Thứ tự ưu tiên %(rank)s năm %(year)s đã dành cho đề án %(code)s.")
                % {"rank": priority, "year": p.plan_year, "code": taken.code}
            )
        p.district_opinion = opinion
        p.district_priority = int(priority)
        return ["district_opinion", "district_priority"]

    return run_transition(
        proposal=proposal, actor=actor, action=Action.FORWARD, change=change, note=opinion
    )


def proposal_reject(*, proposal: Proposal, actor: User, reason: str) -> Proposal:
    """District (submitted), DIT specialist (forwarded) or leader (appraised) refuses."""
    reason = _reason(reason)

    def change(p: Proposal) -> list[str]:
        p.last_reason = reason
        return ["last_reason"]

    return run_transition(
        proposal=proposal, actor=actor, action=Action.REJECT, change=change, note=reason
    )


def proposal_request_info(*, proposal: Proposal, actor: User, reason: str) -> Proposal:
    """DIT sends the proposal back to the facility; an open appraisal round is stopped."""
    reason = _reason(reason)

    def change(p: Proposal) -> list[str]:
        p.last_reason = reason
        Appraisal.objects.filter(proposal=p).open().update(closed_at=timezone.now())
        return ["last_reason"]

    return run_transition(
        proposal=proposal, actor=actor, action=Action.REQUEST_INFO, change=change, note=reason
    )


def approval_maximum(proposal: Proposal) -> tuple[int, str]:
    """The most (VND) the proposal's own rule allows, with the rule's explanation.

    The rule is the one in force on the first submission date (``proposals.caps.rule_day``),
    applied to the eligible cost. Raises ``ServiceError`` without activity, fund or rule.
    Legal source: the rule's ``legal_basis`` (e.g. Circular 28/2018/TT-BTC Art. 8).
    """
    if not proposal.activity_type_id or not proposal.fund_source_id:
        raise ServiceError(_("Đề án chưa có nội dung hoạt động hoặc nguồn kinh phí."))
    rule = applicable_rule(proposal)
    if rule is None:
        raise ServiceError(
            _("Chưa có mức hỗ trợ áp dụng cho nội dung và nguồn kinh phí này vào ngày %(day)s.")
            % {"day": short_date(rule_day(proposal))}
        )
    line = bool(proposal.is_production_line and rule.production_line_multiplier)
    cap = rule.cap(eligible_cost(proposal), production_line=line)
    return min(cap.maximum, proposal.requested_support), cap.explain()


def proposal_approve(
    *,
    proposal: Proposal,
    actor: User,
    approved_amount: int,
    plan_year: int,
    decision_number: str,
    decision_date: dt.date,
) -> Proposal:
    """Leader approves an amount (VND) into ``plan_year``; raises ``ServiceError`` if refused.

    The amount is checked here against the proposal's rule (on its eligible cost) and, under a
    per-facility rule, against what the facility already has in that plan year; the facility
    row is locked first so two approvals for one facility cannot both pass the cap.
    """
    decision_number = (decision_number or "").strip()
    if not decision_number:
        raise ServiceError(_("Vui lòng nhập số quyết định."))
    if decision_date is None:
        raise ServiceError(_("Vui lòng nhập ngày quyết định."))
    if decision_date > timezone.localdate():
        raise ServiceError(_("Ngày quyết định không được sau ngày hôm nay."))
    if not plan_year or not 2000 <= int(plan_year) <= 2100:
        raise ServiceError(_("Năm kế hoạch không hợp lệ."))
    if approved_amount is None or int(approved_amount) <= 0:
        raise ServiceError(_("Kinh phí phê duyệt phải lớn hơn 0."))
    amount = int(approved_amount)

    def change(p: Proposal) -> list[str]:
        if amount > p.requested_support:
            raise ServiceError(
                _("Kinh phí phê duyệt %(amount)s vượt kinh phí cơ sở đề nghị %(requested)s.")
                % {"amount": format_vnd(amount), "requested": format_vnd(p.requested_support)}
            )
        maximum, explain = approval_maximum(p)
        if amount > maximum:
            raise ServiceError(
                _("Kinh phí phê duyệt %(amount)s vượt mức hỗ trợ tối đa %(max)s. %(explain)s.")
                % {"amount": format_vnd(amount), "max": format_vnd(maximum), "explain": explain}
            )
        check_facility_cap(
            p, amount=amount, plan_year=int(plan_year), label=_("Kinh phí phê duyệt")
        )
        p.approved_amount = amount
        p.plan_year = int(plan_year)
        p.decision_number = decision_number
        p.decision_date = decision_date
        return ["approved_amount", "plan_year", "decision_number", "decision_date"]

    with transaction.atomic():
        # The facility before the proposal, always: the same order everywhere, no deadlock.
        lock_facility(proposal)
        return run_transition(
            proposal=proposal,
            actor=actor,
            action=Action.APPROVE,
            change=change,
            note=lambda: (
                _("Quyết định số %(number)s ngày %(date)s, kinh phí %(amount)s")
                % {
                    "number": decision_number,
                    "date": short_date(decision_date),
                    "amount": format_vnd(amount),
                }
            ),
        )


class BulkApprovalError(ServiceError):
    """Nothing was approved; ``errors`` says, per proposal, why."""

    def __init__(self, errors: dict[int, str]) -> None:
        self.errors = errors
        super().__init__(
            _("Không phê duyệt đề án nào: %(n)s đề án không hợp lệ.") % {"n": len(errors)}
        )


def proposals_approve_bulk(
    *,
    proposals: Sequence[Proposal],
    actor: User,
    plan_year: int,
    decision_number: str,
    decision_date: dt.date,
    amounts: dict[int, int] | None = None,
) -> list[Proposal]:
    """Approve a selection under one decision for ``plan_year``: all or nothing.

    Each proposal gets the amount in ``amounts`` or, by default, the council's recommendation,
    in its own plan year: a proposal of another year is refused (with its year), never moved
    into ``plan_year`` silently. One refusal rolls back every approval (and their
    notifications) and reports them all; caps across proposals count the approvals made
    earlier in the same selection.
    """
    if not proposals:
        raise ServiceError(_("Chọn ít nhất một đề án để phê duyệt."))
    amounts = amounts or {}
    errors: dict[int, str] = {}
    approved: list[Proposal] = []
    try:
        with transaction.atomic():
            # Every facility of the selection, in one order, before any proposal row.
            facility_ids = sorted({p.facility_id for p in proposals})
            list(Facility.objects.select_for_update().filter(pk__in=facility_ids).order_by("pk"))
            for proposal in proposals:
                amount = amounts.get(proposal.pk, proposal.recommended_amount)
                if proposal.plan_year and proposal.plan_year != int(plan_year):
                    errors[proposal.pk] = _(
                        "Đề án %(code)s thuộc năm kế hoạch %(own)s, không phải năm %(year)s; "
                        "phê duyệt riêng theo năm của đề án."
                    ) % {"code": proposal.code, "own": proposal.plan_year, "year": plan_year}
                    continue
                try:
                    with transaction.atomic():
                        approved.append(
                            proposal_approve(
                                proposal=proposal,
                                actor=actor,
                                approved_amount=amount,
                                plan_year=plan_year,
                                decision_number=decision_number,
                                decision_date=decision_date,
                            )
                        )
                except ServiceError as error:
                    errors[proposal.pk] = error.message
            if errors:
                raise BulkApprovalError(errors)
    except BulkApprovalError:
        for proposal in proposals:
            proposal.refresh_from_db()
        raise
    return approved
