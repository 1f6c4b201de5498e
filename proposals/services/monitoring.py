"""Implementation monitoring: from the contract to the acceptance (nghiệm thu), or cancellation.

The workflow actions (start, accept, cancel) go through ``run_transition``; reports,
inspections and change requests lock the proposal row themselves, so two writes on one
proposal (two reports racing past the allocation, say) are serialised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.models import SupportRule
from budgets.services import allocations_release
from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.lib.money import format_vnd
from khuyencong.models import Role, User
from khuyencong.notifications import notify
from proposals.models import (
    Acceptance,
    AcceptanceLine,
    ChangeRequest,
    CostLine,
    MonitoringFile,
    ProgressReport,
    ProgressSpending,
    Proposal,
    SiteInspection,
)
from proposals.permissions import can_take
from proposals.permissions_monitoring import (
    can_decide_change,
    can_inspect,
    can_report_progress,
    can_request_change,
)
from proposals.selectors_monitoring import allocation_available, disbursed, spent_by_line
from proposals.services.revisions import revision_create, snapshot
from proposals.services.workflow import run_transition
from proposals.workflow import Action

Files = Iterable[tuple[UploadedFile, str]]  # (file, content type sniffed from its bytes)


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _lock(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("facility")
        .get(pk=proposal.pk)
    )


def _attach(
    *, proposal: Proposal, actor: User, files: Files, kind: str, **owner: object
) -> list[MonitoringFile]:
    stored = []
    for upload, mime in files:
        stored.append(
            MonitoringFile.objects.create(
                proposal=proposal,
                kind=kind,
                file=upload,
                original_name=upload.name[:255],
                content_type=mime,
                size=upload.size,
                uploaded_by=actor,
                **owner,
            )
        )
    return stored


def _owners(proposal: Proposal) -> list[User]:
    return list(User.objects.filter(role=Role.FACILITY, facility_id=proposal.facility_id))


def _dit() -> list[User]:
    return list(User.objects.filter(role=Role.DIT, is_active=True))


def _detail_url(proposal: Proposal) -> str:
    return reverse("proposals:proposal_detail", args=[proposal.pk])


def _rule_cap(proposal: Proposal, eligible_cost: int) -> tuple[int, str]:
    """The support rule's maximum for ``eligible_cost`` and its explanation."""
    day = proposal.decision_date or timezone.localdate()
    rule = None
    if proposal.activity_type_id and proposal.fund_source_id:
        rule = SupportRule.objects.applicable(
            activity_type_id=proposal.activity_type_id,
            fund_source_id=proposal.fund_source_id,
            day=day,
        )
    if rule is None:
        raise ServiceError(
            _("Chưa có mức hỗ trợ áp dụng cho nội dung hoạt động và nguồn kinh phí của đề án.")
        )
    cap = rule.cap(eligible_cost, production_line=proposal.is_production_line)
    return cap.maximum, cap.explain()


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
                % {"contract": _d(contract_date), "decision": _d(locked.decision_date)}
            )  # fmt: skip
        locked.contract_number = contract_number
        locked.contract_date = contract_date
        _attach(proposal=locked, actor=actor, files=files, kind=MonitoringFile.Kind.CONTRACT)
        return ["contract_number", "contract_date"]

    return run_transition(
        proposal=proposal,
        actor=actor,
        action=Action.START,
        change=change,
        note=_("Hợp đồng số %(number)s ngày %(date)s")
        % {"number": contract_number, "date": _d(contract_date)},
    )


# --- Progress reports -----------------------------------------------------------------------


def progress_report_submit(
    *,
    proposal: Proposal,
    actor: User,
    percent_done: int,
    work_done: str,
    notes: str = "",
    spendings: Mapping[int, tuple[int, int]],
    photos: Files = (),
    invoices: Files = (),
) -> ProgressReport:
    """A facility reports progress; ``spendings`` is ``{cost_line_id: (spent, of which
    support)}`` for this period. Totals never pass a line's amount nor the allocation."""
    if not 0 <= percent_done <= 100:
        raise ServiceError(_("Tỷ lệ hoàn thành phải từ 0 đến 100%."))
    work_done = work_done.strip()
    if not work_done:
        raise ServiceError(_("Vui lòng nêu những gì đã mua sắm, lắp đặt hoặc xây dựng."))
    with transaction.atomic():
        locked = _lock(proposal)
        allowed, reason = can_report_progress(actor, locked)
        if not allowed:
            raise ServiceError(reason)
        last = locked.progress_reports.order_by("-number").first()
        if last is not None and percent_done < last.percent_done:
            raise ServiceError(
                _("Tỷ lệ hoàn thành (%(now)s%%) không được thấp hơn lần báo cáo trước "
                  "(%(last)s%%).")
                % {"now": percent_done, "last": last.percent_done}
            )  # fmt: skip
        lines = {line.pk: line for line in locked.lines.all()}
        unknown = set(spendings) - set(lines)
        if unknown:
            raise ServiceError(_("Dòng dự toán không thuộc đề án này."))
        before = spent_by_line(locked.pk)
        support_total = sum(s for _spent, s in before.values())
        for line_id, (amount, support) in spendings.items():
            line = lines[line_id]
            if amount < 0 or support < 0:
                raise ServiceError(
                    _("Số tiền của dòng “%(line)s” không được âm.") % {"line": line.content}
                )
            if support > amount:
                raise ServiceError(
                    _("Kinh phí khuyến công của dòng “%(line)s” không được lớn hơn số tiền đã "
                      "chi.")
                    % {"line": line.content}
                )  # fmt: skip
            spent_so_far = before.get(line_id, (0, 0))[0]
            if spent_so_far + amount > line.amount:
                raise ServiceError(
                    _("Tổng đã chi cho dòng “%(line)s” (%(total)s) vượt thành tiền của dòng "
                      "(%(amount)s).")
                    % {
                        "line": line.content,
                        "total": format_vnd(spent_so_far + amount),
                        "amount": format_vnd(line.amount),
                    }
                )  # fmt: skip
            support_total += support
        available = allocation_available(locked.pk)
        if support_total > available:
            raise ServiceError(
                _("Tổng kinh phí khuyến công đã sử dụng (%(total)s) vượt kinh phí được phân bổ "
                  "(%(available)s).")
                % {"total": format_vnd(support_total), "available": format_vnd(available)}
            )  # fmt: skip
        report = ProgressReport.objects.create(
            proposal=locked,
            number=(last.number if last else 0) + 1,
            percent_done=percent_done,
            work_done=work_done,
            notes=notes.strip(),
            submitted_by=actor,
        )
        ProgressSpending.objects.bulk_create(
            ProgressSpending(report=report, cost_line_id=line_id, amount=a, support_amount=s)
            for line_id, (a, s) in spendings.items()
            if a or s
        )
        _attach(proposal=locked, actor=actor, files=photos, kind="photo", report=report)
        _attach(proposal=locked, actor=actor, files=invoices, kind="invoice", report=report)
        audit.record(
            actor=actor,
            action="proposal.progress_report",
            obj=locked,
            after={
                "number": report.number,
                "percent_done": percent_done,
                "spent": sum(a for a, _s in spendings.values()),
                "support_used": sum(s for _a, s in spendings.values()),
            },
        )
        notify(
            recipients=_dit(),
            subject=_("Đề án %(code)s: báo cáo tiến độ lần %(n)s (%(p)s%%)")
            % {"code": locked.code, "n": report.number, "p": percent_done},
            url=_detail_url(locked),
        )
    return report


# --- Site inspections -------------------------------------------------------------------------


def inspection_record(
    *,
    proposal: Proposal,
    actor: User,
    inspected_on: dt.date,
    inspectors: str,
    findings: str,
    follow_up_required: bool,
    follow_up: str = "",
    photos: Files = (),
) -> SiteInspection:
    inspectors, findings, follow_up = inspectors.strip(), findings.strip(), follow_up.strip()
    if not inspectors or not findings:
        raise ServiceError(_("Vui lòng nêu thành phần đoàn kiểm tra và kết quả kiểm tra."))
    if follow_up_required and not follow_up:
        raise ServiceError(_("Vui lòng nêu nội dung cơ sở cần khắc phục."))
    if inspected_on > timezone.localdate():
        raise ServiceError(_("Ngày kiểm tra không được sau ngày hôm nay."))
    with transaction.atomic():
        locked = _lock(proposal)
        allowed, reason = can_inspect(actor, locked)
        if not allowed:
            raise ServiceError(reason)
        if locked.contract_date and inspected_on < locked.contract_date:
            raise ServiceError(
                _("Ngày kiểm tra (%(day)s) không được trước ngày hợp đồng (%(contract)s).")
                % {"day": _d(inspected_on), "contract": _d(locked.contract_date)}
            )
        inspection = SiteInspection.objects.create(
            proposal=locked,
            inspected_on=inspected_on,
            inspectors=inspectors,
            findings=findings,
            follow_up_required=follow_up_required,
            follow_up=follow_up if follow_up_required else "",
            recorded_by=actor,
        )
        _attach(proposal=locked, actor=actor, files=photos, kind="photo", inspection=inspection)
        audit.record(
            actor=actor,
            action="proposal.inspection",
            obj=locked,
            after={"inspected_on": inspected_on, "follow_up_required": follow_up_required},
            note=findings,
        )
        notify(
            recipients=_owners(locked),
            subject=_("Đề án %(code)s: kết quả kiểm tra thực địa ngày %(day)s")
            % {"code": locked.code, "day": _d(inspected_on)},
            body=(_("Cần khắc phục: %(what)s") % {"what": follow_up}) if follow_up_required else "",
            url=_detail_url(locked),
        )
    return inspection


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
            % {"end": _d(new_end_date), "start": _d(start)}
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
    maximum, explanation = _rule_cap(locked, total)
    if support > maximum:
        raise ServiceError(
            _("Kinh phí hỗ trợ sau điều chỉnh (%(after)s) vượt mức hỗ trợ. %(why)s.")
            % {"after": format_vnd(support), "why": explanation}
        )
    paid = disbursed(locked.pk)
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
        locked = _lock(proposal)
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
        _attach(proposal=locked, actor=actor, files=files, kind="other", change_request=request)
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
            recipients=_dit(),
            subject=_("Đề án %(code)s: cơ sở đề nghị điều chỉnh") % {"code": locked.code},
            body=reason,
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
    locked = _lock(request.proposal)
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
    """Apply the change, keep a revision and give back the allocation it no longer needs."""
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
        released = 0
        if support_after < support_before:
            # Give back what the allocation holds beyond the new support: the difference when
            # the allocation covered the old support in full.
            excess = allocation_available(locked.pk) - support_after
            to_release = min(support_before - support_after, max(0, excess))
            if to_release:
                released = allocations_release(
                    proposal_id=locked.pk,
                    amount=to_release,
                    actor=actor,
                    reason=_("Điều chỉnh giảm kinh phí hỗ trợ đề án %(code)s")
                    % {"code": locked.code},
                )
        request.status = ChangeRequest.Status.APPROVED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.decision_note = note.strip()
        request.support_before = support_before
        request.support_after = support_after
        request.released = released
        request.revision = revision
        request.save(
            update_fields=[
                *CHANGE_FIELDS, "before", "revision", "released", "support_before", "support_after"
            ]
        )  # fmt: skip
        audit.record(
            actor=actor,
            action="proposal.change_approve",
            obj=locked,
            before=before,
            after={
                **audit.snapshot(locked, [f for f in fields if f != "updated_at"]),
                "released": released,
                "revision": revision.number,
            },
            note=note,
        )
        notify(
            recipients=_owners(locked),
            subject=_("Đề án %(code)s: đề nghị điều chỉnh được chấp thuận") % {"code": locked.code},
            body=note,
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
            recipients=_owners(locked),
            subject=_("Đề án %(code)s: đề nghị điều chỉnh không được chấp thuận")
            % {"code": locked.code},
            body=note,
            url=reverse("proposals:change_request_detail", args=[request.pk]),
        )
    return request


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
    rule_max, explanation = _rule_cap(proposal, accepted_cost)
    available = allocation_available(proposal.pk)
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
            % {"day": _d(data.accepted_on), "contract": _d(locked.contract_date)}
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
    _attach(proposal=locked, actor=actor, files=minutes, kind="minutes", acceptance=acceptance)
    _attach(proposal=locked, actor=actor, files=invoices, kind="invoice", acceptance=acceptance)
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
            note=_("Nghiệm thu ngày %(day)s: %(result)s")
            % {"day": _d(data.accepted_on), "result": Acceptance.Result(data.result).label},
        )
        return result["acceptance"]

    with transaction.atomic():
        locked = _lock(proposal)
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
            recipients=_owners(locked),
            subject=_("Đề án %(code)s: nghiệm thu không đạt") % {"code": locked.code},
            body=data.conditions,
            url=_detail_url(locked),
        )
    return acceptance


# --- Cancellation -----------------------------------------------------------------------------


def proposal_cancel(*, proposal: Proposal, actor: User, reason: str) -> tuple[Proposal, int]:
    """Cancel an approved or running proposal and give back its unspent allocation."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Vui lòng nêu lý do hủy đề án."))
    released: list[int] = []

    def change(locked: Proposal) -> list[str]:
        locked.last_reason = reason
        released.append(
            allocations_release(
                proposal_id=locked.pk,
                amount=None,
                actor=actor,
                reason=_("Hủy đề án %(code)s: %(reason)s")
                % {"code": locked.code, "reason": reason},
            )
        )
        # An open change request has nothing left to change.
        ChangeRequest.objects.filter(proposal=locked, status=ChangeRequest.Status.PENDING).update(
            status=ChangeRequest.Status.REFUSED,
            decided_by=actor,
            decided_at=timezone.now(),
            decision_note=_("Đề án đã bị hủy."),
        )
        return ["last_reason"]

    with transaction.atomic():
        locked = run_transition(
            proposal=proposal, actor=actor, action=Action.CANCEL, change=change, note=reason
        )
    return locked, released[0]
