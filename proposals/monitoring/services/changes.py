"""Change requests (điều chỉnh): the facility asks, the DIT approves or refuses.

An approved change keeps a revision; the budget app gives back the allocation the lower
support no longer needs (``budgets.services.lifecycle``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.lib.dates import short_date
from khuyencong.lib.money import format_vnd
from khuyencong.models import User
from khuyencong.notifications import notify
from proposals.models import (
    ChangeRequest,
    CostLine,
    Proposal,
)
from proposals.monitoring.permissions import (
    can_decide_change,
    can_request_change,
)
from proposals.monitoring.selectors import disbursed, spent_by_line
from proposals.monitoring.services.common import (
    Files,
    attach_files,
    dit_staff,
    facility_owners,
    lock_proposal,
    rule_cap,
)
from proposals.services.revisions import revision_create, snapshot

# --- Change requests (điều chỉnh) ----------------------------------------------------------


@dataclass(frozen=True)
class LineChange:
    quantity: Decimal
    unit_price: int
    requested_support: int


def _validate_change(
    locked: Proposal,
    *,
    new_end_date: dt.date | None,
    lines: Mapping[int, LineChange],
) -> int:
    """Check a change against the proposal as it is now; return the support after it."""
    approved = locked.approved_amount or 0
    start = locked.contract_date or locked.start_date
    if new_end_date is not None and start and new_end_date <= start:
        raise ServiceError(
            _("Thời gian kết thúc mới (%(end)s) phải sau ngày bắt đầu thực hiện (%(start)s).")
            % {"end": short_date(new_end_date), "start": short_date(start)}
        )
    if not lines:
        return approved
    current = {line.pk: line for line in locked.lines.all()}
    if set(lines) - set(current):
        raise ServiceError(_("Dòng dự toán không thuộc đề án này."))
    spent = spent_by_line(locked.pk)
    total = support = 0
    for line_id, line in current.items():
        proposed = lines.get(line_id)
        if proposed is None:
            total += line.amount
            support += line.requested_support
            continue
        if proposed.quantity <= 0 or proposed.unit_price < 0 or proposed.requested_support < 0:
            raise ServiceError(
                _("Số lượng, đơn giá, kinh phí đề nghị của dòng “%(line)s” không hợp lệ.")
                % {"line": line.content}
            )
        amount = CostLine.compute_amount(proposed.quantity, proposed.unit_price)
        if proposed.requested_support > amount:
            raise ServiceError(
                _("Kinh phí đề nghị hỗ trợ của dòng “%(line)s” vượt thành tiền của dòng.")
                % {"line": line.content}
            )
        if amount < spent.get(line_id, (0, 0))[0]:
            raise ServiceError(
                _("Thành tiền mới của dòng “%(line)s” (%(amount)s) thấp hơn số đã chi "
                  "(%(spent)s).")
                % {
                    "line": line.content,
                    "amount": format_vnd(amount),
                    "spent": format_vnd(spent[line_id][0]),
                }
            )  # fmt: skip
        total += amount
        support += proposed.requested_support
    if support > approved:
        raise ServiceError(
            _("Kinh phí hỗ trợ sau điều chỉnh (%(after)s) vượt kinh phí đã được phê duyệt "
              "(%(approved)s): không thể điều chỉnh tăng kinh phí hỗ trợ.")
            % {"after": format_vnd(support), "approved": format_vnd(approved)}
        )  # fmt: skip
    maximum, explanation = rule_cap(locked, total)
    if support > maximum:
        raise ServiceError(
            _("Kinh phí hỗ trợ sau điều chỉnh (%(after)s) vượt mức hỗ trợ. %(why)s.")
            % {"after": format_vnd(support), "why": explanation}
        )
    paid = disbursed(locked)
    if support < paid:
        raise ServiceError(
            _("Kinh phí hỗ trợ sau điều chỉnh (%(after)s) thấp hơn số đã giải ngân (%(paid)s).")
            % {"after": format_vnd(support), "paid": format_vnd(paid)}
        )
    return support


def change_request_submit(
    *,
    proposal: Proposal,
    actor: User,
    reason: str,
    new_end_date: dt.date | None = None,
    new_content_scale: str = "",
    lines: Mapping[int, LineChange] | None = None,
    files: Files = (),
) -> ChangeRequest:
    """The facility asks to change the schedule, the cost lines or the scope."""
    reason, new_content_scale = reason.strip(), new_content_scale.strip()
    if not reason:
        raise ServiceError(_("Vui lòng nêu lý do điều chỉnh."))
    with transaction.atomic():
        locked = lock_proposal(proposal)
        has_pending = locked.change_requests.filter(status=ChangeRequest.Status.PENDING).exists()
        allowed, why = can_request_change(actor, locked, has_pending=has_pending)
        if not allowed:
            raise ServiceError(why)
        current = {line.pk: line for line in locked.lines.all()}
        # Keep only the lines that actually change.
        changed = {
            pk: c
            for pk, c in (lines or {}).items()
            if pk not in current
            or (
                Decimal(c.quantity) != current[pk].quantity
                or c.unit_price != current[pk].unit_price
                or c.requested_support != current[pk].requested_support
            )
        }
        if new_end_date == locked.end_date:
            new_end_date = None
        if new_content_scale == locked.content_scale.strip():
            new_content_scale = ""
        if new_end_date is None and not new_content_scale and not changed:
            raise ServiceError(_("Đề nghị chưa thay đổi thời gian, dự toán hay nội dung nào."))
        support_after = _validate_change(locked, new_end_date=new_end_date, lines=changed)
        request = ChangeRequest.objects.create(
            proposal=locked,
            reason=reason,
            new_end_date=new_end_date,
            new_content_scale=new_content_scale,
            lines={
                str(pk): {
                    "quantity": str(c.quantity),
                    "unit_price": c.unit_price,
                    "requested_support": c.requested_support,
                }
                for pk, c in changed.items()
            },
            support_before=locked.approved_amount or 0,
            support_after=support_after,
            requested_by=actor,
        )
        attach_files(
            proposal=locked, actor=actor, files=files, kind="other", change_request=request
        )
        audit.record(
            actor=actor,
            action="proposal.change_request",
            obj=locked,
            after={
                "new_end_date": new_end_date,
                "lines": request.lines,
                "support_after": support_after,
            },
            note=reason,
        )
        notify(
            recipients=dit_staff(),
            subject=lambda: _("Đề án %(code)s: cơ sở đề nghị điều chỉnh") % {"code": locked.code},
            body=lambda: reason,
            url=reverse("proposals:change_request_detail", args=[request.pk]),
        )
    return request


def _stored_lines(request: ChangeRequest) -> dict[int, LineChange]:
    return {
        int(pk): LineChange(
            quantity=Decimal(v["quantity"]),
            unit_price=int(v["unit_price"]),
            requested_support=int(v["requested_support"]),
        )
        for pk, v in request.lines.items()
    }


def _lock_request(request: ChangeRequest, actor: User) -> tuple[ChangeRequest, Proposal]:
    locked = lock_proposal(request.proposal)
    request = ChangeRequest.objects.select_for_update().get(pk=request.pk)
    request.proposal = locked
    allowed, reason = can_decide_change(actor, request)
    if not allowed:
        raise ServiceError(reason)
    return request, locked


CHANGE_FIELDS = ["status", "decided_by", "decided_at", "decision_note"]


def change_request_approve(
    *, change_request: ChangeRequest, actor: User, note: str = ""
) -> ChangeRequest:
    """Apply the change and keep a revision (the workflow side only).

    The allocation the lower support no longer needs is given back by
    ``budgets.services.lifecycle.change_request_approve``, which calls this inside its
    transaction and records ``released``; the decision page posts there."""
    with transaction.atomic():
        request, locked = _lock_request(change_request, actor)
        lines = _stored_lines(request)
        # Re-checked now: money may have been paid or rules changed since the request.
        support_after = _validate_change(locked, new_end_date=request.new_end_date, lines=lines)
        request.before = snapshot(locked)
        support_before = locked.approved_amount or 0
        fields = ["updated_at"]
        if lines:
            for line in locked.lines.filter(pk__in=lines):
                c = lines[line.pk]
                line.quantity = c.quantity
                line.unit_price = c.unit_price
                line.amount = CostLine.compute_amount(c.quantity, c.unit_price)
                line.requested_support = c.requested_support
                line.counterpart = line.amount - c.requested_support
                line.save(
                    update_fields=[
                        "quantity", "unit_price", "amount", "requested_support", "counterpart"
                    ]
                )  # fmt: skip
            all_lines = list(locked.lines.all())
            locked.total_cost = sum(line.amount for line in all_lines)
            locked.requested_support = sum(line.requested_support for line in all_lines)
            locked.counterpart = sum(line.counterpart for line in all_lines)
            locked.approved_amount = support_after
            fields += ["total_cost", "requested_support", "counterpart", "approved_amount"]
        if request.new_end_date:
            locked.end_date = request.new_end_date
            fields.append("end_date")
        if request.new_content_scale:
            locked.content_scale = request.new_content_scale
            fields.append("content_scale")
        before = {k: v for k, v in request.before["fields"].items() if k in fields}
        before["approved_amount"] = support_before
        locked.updated_at = timezone.now()
        locked.save(update_fields=fields)
        revision = revision_create(proposal=locked, actor=actor, reason="change_approved")
        request.status = ChangeRequest.Status.APPROVED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.decision_note = note.strip()
        request.support_before = support_before
        request.support_after = support_after
        request.revision = revision
        request.save(
            update_fields=[
                *CHANGE_FIELDS, "before", "revision", "support_before", "support_after"
            ]
        )  # fmt: skip
        audit.record(
            actor=actor,
            action="proposal.change_approve",
            obj=locked,
            before=before,
            after={
                **audit.snapshot(locked, [f for f in fields if f != "updated_at"]),
                "revision": revision.number,
            },
            note=note,
        )
        notify(
            recipients=facility_owners(locked),
            subject=lambda: (
                _("Đề án %(code)s: đề nghị điều chỉnh được chấp thuận") % {"code": locked.code}
            ),
            body=lambda: note,
            url=reverse("proposals:change_request_detail", args=[request.pk]),
        )
    return request


def change_request_refuse(
    *, change_request: ChangeRequest, actor: User, note: str
) -> ChangeRequest:
    note = note.strip()
    if not note:
        raise ServiceError(_("Vui lòng nêu lý do không chấp thuận."))
    with transaction.atomic():
        request, locked = _lock_request(change_request, actor)
        request.status = ChangeRequest.Status.REFUSED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.decision_note = note
        request.save(update_fields=CHANGE_FIELDS)
        audit.record(
            actor=actor,
            action="proposal.change_refuse",
            obj=locked,
            after={"change_request": request.pk},
            note=note,
        )
        notify(
            recipients=facility_owners(locked),
            subject=lambda: (
                _("Đề án %(code)s: đề nghị điều chỉnh không được chấp thuận")
                % {"code": locked.code}
            ),
            body=lambda: note,
            url=reverse("proposals:change_request_detail", args=[request.pk]),
        )
    return request
