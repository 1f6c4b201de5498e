"""What a facility does with its proposal: write it, cost it, attach files, submit, withdraw.

Every function is one audited write inside a transaction; the proposal row is locked so two
tabs of the same facility cannot interleave a line edit with a submission.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong import audit
from khuyencong.catalogue.models import CostCategory
from khuyencong.exceptions import ServiceError
from khuyencong.lib.money import format_vnd
from khuyencong.models import Role, User
from proposals.models import (
    CONTENT_FIELDS,
    Attachment,
    CostLine,
    DossierSequence,
    Proposal,
    Revision,
    State,
)
from proposals.permissions import can_edit
from proposals.services.revisions import revision_create
from proposals.services.workflow import run_transition
from proposals.support import support_check
from proposals.uploads import check_upload
from proposals.workflow import Action

# The fields of the đề án a facility writes (the form and the services share this list).
PROPOSAL_FIELDS = CONTENT_FIELDS
# What a complete đề án must contain before it is submitted, with the label a problem names.
REQUIRED_FIELDS = [
    ("title", gettext_lazy("Tên đề án")),
    ("activity_type", gettext_lazy("Nội dung hoạt động")),
    ("fund_source", gettext_lazy("Nguồn kinh phí")),
    ("plan_year", gettext_lazy("Năm kế hoạch")),
    ("implementing_unit", gettext_lazy("Đơn vị thực hiện")),
    ("location", gettext_lazy("Địa điểm thực hiện")),
    ("start_date", gettext_lazy("Thời gian bắt đầu")),
    ("end_date", gettext_lazy("Thời gian kết thúc")),
    ("necessity", gettext_lazy("Sự cần thiết")),
    ("objectives", gettext_lazy("Mục tiêu")),
    ("content_scale", gettext_lazy("Nội dung và quy mô")),
    ("implementation_plan", gettext_lazy("Phương án và tiến độ thực hiện")),
    ("expected_results", gettext_lazy("Kết quả dự kiến")),
    ("commitments", gettext_lazy("Cam kết của cơ sở")),
]
# Far above any real proposal, far below the 64-bit limit: a typo, not a budget.
MAX_AMOUNT = 10**15
MAX_QUANTITY = Decimal("999999999.99")
TOTAL_FIELDS = ["total_cost", "requested_support", "counterpart", "updated_at"]
LINE_AUDIT_FIELDS = ["content", "unit", "quantity", "unit_price", "amount"]
LINE_AUDIT_FIELDS += ["requested_support", "counterpart", "category_id"]


class SubmissionRefused(ServiceError):
    """The proposal is not ready: ``problems`` lists every reason at once."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(_("Chưa thể nộp đề án: %(n)d vấn đề cần xử lý.") % {"n": len(problems)})
        self.problems = problems


def _lock_editable(proposal: Proposal, actor: User) -> Proposal:
    locked = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("facility")
        .get(pk=proposal.pk)
    )
    allowed, reason = can_edit(actor, locked)
    if not allowed:
        raise ServiceError(reason)
    return locked


def _touch(proposal: Proposal) -> None:
    proposal.updated_at = timezone.now()


def proposal_create(*, actor: User, data: dict[str, Any]) -> Proposal:
    """A new draft of the actor's facility with whatever the form held (partial is fine)."""
    if actor.role != Role.FACILITY or not actor.facility_id:
        raise ServiceError(_("Chỉ tài khoản cơ sở mới lập được đề án."))
    unknown = set(data) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ServiceError(_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        proposal = Proposal.objects.create(
            facility_id=actor.facility_id, created_by=actor, state=State.DRAFT, **data
        )
        audit.record(
            actor=actor,
            action="proposal.create",
            obj=proposal,
            after=audit.snapshot(proposal, [f for f in PROPOSAL_FIELDS if f in data]),
        )
    return proposal


def proposal_update(*, actor: User, proposal: Proposal, data: dict[str, Any]) -> Proposal:
    """Save the đề án fields while draft or returned; partial data is allowed."""
    unknown = set(data) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ServiceError(_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        locked = _lock_editable(proposal, actor)
        changed = [name for name, value in data.items() if getattr(locked, name) != value]
        if not changed:
            return locked
        before = audit.snapshot(locked, changed)
        for name in changed:
            setattr(locked, name, data[name])
        _touch(locked)
        locked.save(update_fields=[*changed, "updated_at"])
        audit.record(
            actor=actor,
            action="proposal.update",
            obj=locked,
            before=before,
            after=audit.snapshot(locked, changed),
        )
    return locked


def _line_values(
    *,
    quantity: Decimal | int | str,
    unit_price: int,
    requested_support: int,
    counterpart: int | None,
) -> dict[str, Any]:
    """Validate one line's numbers; the amount is computed here, never taken from the user."""
    try:
        quantity = Decimal(str(quantity))
    except InvalidOperation:
        raise ServiceError(_("Số lượng phải là một số.")) from None
    if not quantity.is_finite() or quantity <= 0 or quantity > MAX_QUANTITY:
        raise ServiceError(_("Số lượng phải lớn hơn 0 và không quá 999.999.999,99."))
    quantity = quantity.quantize(Decimal("0.01"))
    for label, value in ((_("Đơn giá"), unit_price), (_("Kinh phí đề nghị"), requested_support)):
        if not isinstance(value, int) or value < 0 or value > MAX_AMOUNT:
            raise ServiceError(
                _("%(label)s phải là số tiền từ 0 đến %(max)s.")
                % {"label": label, "max": format_vnd(MAX_AMOUNT)}
            )
    amount = CostLine.compute_amount(quantity, unit_price)
    if amount > MAX_AMOUNT:
        raise ServiceError(
            _("Thành tiền %(amount)s vượt mức cho phép %(max)s; vui lòng kiểm tra lại.")
            % {"amount": format_vnd(amount), "max": format_vnd(MAX_AMOUNT)}
        )
    if requested_support > amount:
        raise ServiceError(
            _("Kinh phí khuyến công đề nghị (%(req)s) không được lớn hơn thành tiền (%(amount)s).")
            % {"req": format_vnd(requested_support), "amount": format_vnd(amount)}
        )
    if counterpart is None:
        counterpart = amount - requested_support
    if requested_support + counterpart != amount:
        raise ServiceError(
            _(
                "Kinh phí đề nghị (%(req)s) cộng vốn đối ứng (%(cp)s) phải bằng thành tiền "
                "(%(amount)s)."
            )
            % {
                "req": format_vnd(requested_support),
                "cp": format_vnd(counterpart),
                "amount": format_vnd(amount),
            }
        )
    return {
        "quantity": quantity,
        "unit_price": unit_price,
        "amount": amount,
        "requested_support": requested_support,
        "counterpart": counterpart,
    }


def _line_category(
    proposal: Proposal, category: CostCategory | None, *, requested_support: int, amount: int
) -> CostCategory | None:
    """The line's category under the proposal's activity; an unsupported one funds nothing.

    An activity with one category takes it by default; with several the facility must choose.
    Legal source: the category's own basis (e.g. Circular 28/2018/TT-BTC Art. 8 for a fair).
    """
    if not proposal.activity_type_id:
        return category
    offered = list(CostCategory.objects.filter(activity_type_id=proposal.activity_type_id))
    if category is None:
        if len(offered) > 1:
            raise ServiceError(_("Vui lòng chọn khoản chi của dòng dự toán."))
        category = offered[0] if offered else None
    elif category.pk not in {c.pk for c in offered}:
        raise ServiceError(
            _("Khoản chi “%(name)s” không thuộc nội dung hoạt động của đề án.")
            % {"name": category.name}
        )
    if category is not None and not category.eligible and requested_support > 0:
        raise ServiceError(
            _(
                "Khoản chi “%(name)s” không được hỗ trợ; kinh phí khuyến công đề nghị của dòng "
                "này phải là 0 đ và toàn bộ %(amount)s là vốn đối ứng (đã nhập %(req)s)."
            )
            % {
                "name": category.name,
                "amount": format_vnd(amount),
                "req": format_vnd(requested_support),
            }
        )
    return category


def _recompute_totals(proposal: Proposal) -> None:
    sums = proposal.lines.aggregate(
        cost=Sum("amount"), support=Sum("requested_support"), counterpart=Sum("counterpart")
    )
    proposal.total_cost = sums["cost"] or 0
    proposal.requested_support = sums["support"] or 0
    proposal.counterpart = sums["counterpart"] or 0
    _touch(proposal)
    proposal.save(update_fields=TOTAL_FIELDS)


def _text(value: str, label: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(_("Vui lòng nhập %(label)s.") % {"label": label})
    if len(value) > max_length:
        raise ServiceError(
            _("%(label)s dài quá %(n)d ký tự.") % {"label": label.capitalize(), "n": max_length}
        )
    return value


def costline_add(
    *,
    actor: User,
    proposal: Proposal,
    content: str,
    unit: str,
    quantity: Decimal | int | str,
    unit_price: int,
    requested_support: int,
    counterpart: int | None = None,
    category: CostCategory | None = None,
) -> CostLine:
    values = _line_values(
        quantity=quantity,
        unit_price=unit_price,
        requested_support=requested_support,
        counterpart=counterpart,
    )
    content = _text(content, _("nội dung chi"), 500)
    unit = _text(unit, _("đơn vị tính"), 50)
    with transaction.atomic():
        locked = _lock_editable(proposal, actor)
        values["category"] = _line_category(
            locked, category, requested_support=requested_support, amount=values["amount"]
        )
        position = locked.lines.count() + 1
        if position > settings.MAX_COST_LINES:
            raise ServiceError(
                _("Một đề án có tối đa %(limit)s dòng dự toán. Hãy gộp các khoản chi nhỏ.")
                % {"limit": settings.MAX_COST_LINES}
            )
        line = CostLine.objects.create(
            proposal=locked, position=position, content=content, unit=unit, **values
        )
        _recompute_totals(locked)
        audit.record(
            actor=actor,
            action="proposal.costline_add",
            obj=locked,
            after={"line": line.pk, **audit.snapshot(line, LINE_AUDIT_FIELDS)},
        )
    return line


def costline_update(
    *,
    actor: User,
    line: CostLine,
    content: str,
    unit: str,
    quantity: Decimal | int | str,
    unit_price: int,
    requested_support: int,
    counterpart: int | None = None,
    category: CostCategory | None = None,
) -> CostLine:
    values = _line_values(
        quantity=quantity,
        unit_price=unit_price,
        requested_support=requested_support,
        counterpart=counterpart,
    )
    values["content"] = _text(content, _("nội dung chi"), 500)
    values["unit"] = _text(unit, _("đơn vị tính"), 50)
    with transaction.atomic():
        locked = _lock_editable(line.proposal, actor)
        values["category"] = _line_category(
            locked, category, requested_support=requested_support, amount=values["amount"]
        )
        line = CostLine.objects.get(pk=line.pk, proposal=locked)
        before = {"line": line.pk, **audit.snapshot(line, LINE_AUDIT_FIELDS)}
        for name, value in values.items():
            setattr(line, name, value)
        line.save(update_fields=list(values))
        _recompute_totals(locked)
        audit.record(
            actor=actor,
            action="proposal.costline_update",
            obj=locked,
            before=before,
            after={"line": line.pk, **audit.snapshot(line, LINE_AUDIT_FIELDS)},
        )
    return line


def costline_remove(*, actor: User, line: CostLine) -> Proposal:
    with transaction.atomic():
        locked = _lock_editable(line.proposal, actor)
        line = CostLine.objects.get(pk=line.pk, proposal=locked)
        before = {"line": line.pk, **audit.snapshot(line, LINE_AUDIT_FIELDS)}
        line.delete()
        _recompute_totals(locked)
        audit.record(actor=actor, action="proposal.costline_remove", obj=locked, before=before)
    return locked


def _store(*, actor: User, proposal: Proposal, kind: str, upload: UploadedFile) -> Attachment:
    # Called under the proposal's row lock: the count cannot change underneath.
    if proposal.attachments.count() >= settings.MAX_ATTACHMENTS:
        raise ServiceError(
            _("Một đề án có tối đa %(limit)s tệp đính kèm (kể cả các phiên bản cũ).")
            % {"limit": settings.MAX_ATTACHMENTS}
        )
    checked = check_upload(upload)
    attachment = Attachment(
        proposal=proposal,
        kind=kind,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    # The stored name is random (``attachment_path``); only the detected extension is kept.
    attachment.file.save(f"upload.{checked.extension}", upload, save=False)
    attachment.save()
    return attachment


def attachment_upload(
    *, actor: User, proposal: Proposal, kind: str, upload: UploadedFile
) -> Attachment:
    if kind not in Attachment.Kind.values:
        raise ServiceError(_("Vui lòng chọn loại tài liệu."))
    with transaction.atomic():
        locked = _lock_editable(proposal, actor)
        attachment = _store(actor=actor, proposal=locked, kind=kind, upload=upload)
        audit.record(
            actor=actor,
            action="proposal.attachment_upload",
            obj=locked,
            after={
                "attachment": attachment.pk,
                "kind": kind,
                "original_name": attachment.original_name,
                "size": attachment.size,
            },
        )
    return attachment


def _refuse_if_not_current(attachment: Attachment) -> None:
    if attachment.replaced_by_id is not None:
        raise ServiceError(_("Tệp này đã được thay bằng tệp khác."))
    if attachment.removed_at is not None:
        raise ServiceError(_("Tệp này đã được gỡ khỏi hồ sơ."))


def _last_revision(proposal: Proposal) -> Revision | None:
    return proposal.revisions.order_by("-number").first()


def attachment_replace(*, actor: User, attachment: Attachment, upload: UploadedFile) -> Attachment:
    """A new version of a file; the old one stays, tied to the revision it belonged to."""
    with transaction.atomic():
        locked = _lock_editable(attachment.proposal, actor)
        old = Attachment.objects.select_for_update().get(pk=attachment.pk, proposal=locked)
        _refuse_if_not_current(old)
        new = _store(actor=actor, proposal=locked, kind=old.kind, upload=upload)
        old.replaced_by = new
        old.revision = old.revision or _last_revision(locked)
        old.save(update_fields=["replaced_by", "revision"])
        audit.record(
            actor=actor,
            action="proposal.attachment_replace",
            obj=locked,
            before={"attachment": old.pk, "original_name": old.original_name},
            after={"attachment": new.pk, "original_name": new.original_name, "kind": new.kind},
        )
    return new


def attachment_remove(*, actor: User, attachment: Attachment) -> Attachment:
    """Take a wrongly uploaded file out of the dossier while the proposal is editable.

    Never lose a dossier: the row and the file stay, tied to the revision they belonged to,
    still downloadable as history; the row records who removed it and when.
    """
    with transaction.atomic():
        locked = _lock_editable(attachment.proposal, actor)
        removed = Attachment.objects.select_for_update().get(pk=attachment.pk, proposal=locked)
        _refuse_if_not_current(removed)
        removed.removed_at = timezone.now()
        removed.removed_by = actor
        removed.revision = removed.revision or _last_revision(locked)
        removed.save(update_fields=["removed_at", "removed_by", "revision"])
        audit.record(
            actor=actor,
            action="proposal.attachment_remove",
            obj=locked,
            before={
                "attachment": removed.pk,
                "original_name": removed.original_name,
                "kind": removed.kind,
            },
        )
    return removed


def submission_problems(proposal: Proposal, *, today: dt.date | None = None) -> list[str]:
    """Everything that keeps ``proposal`` from being submitted, each as a sentence."""
    today = today or timezone.localdate()
    problems: list[str] = []
    for name, label in REQUIRED_FIELDS:
        value = getattr(
            proposal, f"{name}_id" if name in ("activity_type", "fund_source") else name
        )
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            problems.append(_("Chưa nhập: %(label)s.") % {"label": label})
    if proposal.start_date and proposal.end_date and proposal.end_date < proposal.start_date:
        problems.append(_("Thời gian kết thúc phải sau thời gian bắt đầu."))
    if proposal.plan_year and proposal.plan_year < today.year:
        problems.append(
            _("Năm kế hoạch %(year)s đã qua; vui lòng chọn năm %(now)s trở đi.")
            % {"year": proposal.plan_year, "now": today.year}
        )
    lines = list(proposal.lines.all())
    if not lines:
        problems.append(_("Chưa có dòng dự toán kinh phí nào."))
    elif proposal.requested_support <= 0:
        problems.append(_("Kinh phí khuyến công đề nghị phải lớn hơn 0."))
    problems += _category_problems(proposal, lines)
    check = support_check(proposal)
    if check is not None and check.rule is None:
        problems.append(
            _(
                "Chưa có mức hỗ trợ áp dụng cho nội dung “%(activity)s” từ nguồn “%(fund)s”; "
                "vui lòng liên hệ Sở Công Thương."
            )
            % {"activity": proposal.activity_type, "fund": proposal.fund_source}
        )
    elif check is not None and check.over_cap:
        problems.append(
            _(
                "Kinh phí khuyến công đề nghị %(req)s vượt mức hỗ trợ tối đa %(max)s "
                "(%(explain)s; căn cứ: %(basis)s)."
            )
            % {
                "req": format_vnd(proposal.requested_support),
                "max": format_vnd(check.cap.maximum),
                "explain": check.cap.explain(),
                "basis": check.rule.legal_basis,
            }
        )
    current = list(proposal.attachments.current())
    if not any(a.kind == Attachment.Kind.REGISTRATION for a in current):
        problems.append(_("Thiếu giấy chứng nhận đăng ký kinh doanh."))
    required = proposal.activity_type.required_quotations if proposal.activity_type_id else 0
    quotations = sum(1 for a in current if a.kind == Attachment.Kind.QUOTATION)
    if quotations < required:
        problems.append(
            _("Cần ít nhất %(required)d báo giá cho nội dung này; mới có %(have)d.")
            % {"required": required, "have": quotations}
        )
    return problems


def _category_problems(proposal: Proposal, lines: list[CostLine]) -> list[str]:
    """Lines whose category is missing, of another activity, or unsupported yet funded."""
    if not proposal.activity_type_id or not lines:
        return []
    offered = {
        c.pk: c for c in CostCategory.objects.filter(activity_type_id=proposal.activity_type_id)
    }
    problems = []
    for line in lines:
        if line.category_id is None and len(offered) > 1:
            problems.append(
                _("Dòng dự toán “%(content)s” chưa chọn khoản chi.") % {"content": line.content}
            )
        elif line.category_id is not None and line.category_id not in offered:
            problems.append(
                _(
                    "Dòng dự toán “%(content)s” có khoản chi không thuộc nội dung hoạt động đã "
                    "chọn; vui lòng chọn lại khoản chi."
                )
                % {"content": line.content}
            )
        elif (
            line.category_id
            and not offered[line.category_id].eligible
            and line.requested_support > 0
        ):
            problems.append(
                _(
                    "Dòng dự toán “%(content)s” thuộc khoản chi không được hỗ trợ; kinh phí "
                    "khuyến công đề nghị %(req)s phải chuyển sang vốn đối ứng."
                )
                % {"content": line.content, "req": format_vnd(line.requested_support)}
            )
    return problems


def _next_code(year: int) -> str:
    # get_or_create may race on a new year; the loser's IntegrityError is handled inside it
    # (savepoint) and it then reads the winner's row, which the lock below serialises.
    DossierSequence.objects.get_or_create(year=year)
    sequence = DossierSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"KC-{year}-{sequence.last:04d}"


def proposal_submit(*, actor: User, proposal: Proposal) -> Proposal:
    """Submit (or resubmit) through the workflow: validate all, code, revision, notify."""

    def change(locked: Proposal) -> list[str]:
        problems = submission_problems(locked)
        if problems:
            raise SubmissionRefused(problems)
        fields = []
        resubmission = locked.submitted_at is not None
        if not locked.code:
            locked.code = _next_code(locked.plan_year)
            fields.append("code")
        if locked.submitted_at is None:
            locked.submitted_at = timezone.now()
            fields.append("submitted_at")
        if locked.locality_id is None:
            locked.locality_id = locked.facility.locality_id
            locked.review_level = settings.INTERMEDIATE_LEVEL
            fields += ["locality", "review_level"]
        revision_create(
            proposal=locked,
            actor=actor,
            reason="resubmission" if resubmission else "submission",
        )
        return fields

    return run_transition(proposal=proposal, actor=actor, action=Action.SUBMIT, change=change)


def proposal_withdraw(*, actor: User, proposal: Proposal, reason: str) -> Proposal:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Vui lòng nêu lý do rút đề án."))

    def change(locked: Proposal) -> list[str]:
        locked.last_reason = reason
        return ["last_reason"]

    return run_transition(
        proposal=proposal, actor=actor, action=Action.WITHDRAW, change=change, note=reason
    )
