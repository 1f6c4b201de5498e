"""The appraisal council: start a round, members score, the DIT concludes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.lib.money import format_vnd
from khuyencong.models import Role, User
from khuyencong.notifications import notify
from proposals.caps import applicable_rule, check_facility_cap, eligible_cost, lock_facility
from proposals.models import (
    Appraisal,
    AppraisalSettings,
    Criterion,
    Proposal,
    Score,
    ScoreSheet,
)
from proposals.models.appraisal import weighted_total
from proposals.services.workflow import run_transition
from proposals.workflow import Action

MIN_MEMBERS = 2


def appraisal_start(*, proposal: Proposal, actor: User, members: Sequence[User]) -> Appraisal:
    """DIT specialist puts a forwarded proposal before a council of at least two members."""
    unique = {m.pk: m for m in members}
    if len(unique) < MIN_MEMBERS:
        raise ServiceError(
            _("Hội đồng thẩm định phải có ít nhất %(n)s thành viên.") % {"n": MIN_MEMBERS}
        )
    invalid = [m for m in unique.values() if m.role != Role.COUNCIL or not m.is_active]
    if invalid:
        raise ServiceError(
            _("%(name)s không phải thành viên hội đồng thẩm định đang hoạt động.")
            % {"name": invalid[0]}
        )
    created: list[Appraisal] = []

    def change(p: Proposal) -> list[str]:
        appraisal = Appraisal.objects.create(
            proposal=p, started_by=actor, pass_mark=AppraisalSettings.current().pass_mark
        )
        appraisal.members.set(unique.values())
        ScoreSheet.objects.bulk_create(
            ScoreSheet(appraisal=appraisal, member=m) for m in unique.values()
        )
        created.append(appraisal)
        return []

    run_transition(
        proposal=proposal,
        actor=actor,
        action=Action.START_APPRAISAL,
        change=change,
        note=lambda: _("Hội đồng thẩm định gồm %(n)s thành viên.") % {"n": len(unique)},
    )
    return created[0]


def current_appraisal(proposal: Proposal) -> Appraisal | None:
    """The open round, or else the latest concluded one."""
    return (
        Appraisal.objects.filter(proposal=proposal, closed_at__isnull=True)
        .order_by("-started_at", "-id")
        .first()
    )


def scoresheet_submit(
    *, sheet: ScoreSheet, actor: User, scores: Mapping[int, int], comment: str = ""
) -> ScoreSheet:
    """A council member submits its sheet: every active criterion, each within its maximum."""
    with transaction.atomic():
        locked = (
            ScoreSheet.objects.select_for_update(of=("self",))
            .select_related("appraisal__proposal")
            .get(pk=sheet.pk)
        )
        if locked.member_id != actor.pk:
            raise ServiceError(_("Đây không phải phiếu chấm của bạn."))
        if not locked.appraisal.is_open:
            raise ServiceError(_("Đợt thẩm định đã kết thúc: phiếu chấm đã khóa."))
        if locked.submitted_at is not None:
            raise ServiceError(_("Bạn đã nộp phiếu chấm này; phiếu không sửa được nữa."))
        criteria = list(Criterion.objects.filter(is_active=True))
        if not criteria:
            raise ServiceError(_("Chưa có tiêu chí chấm điểm nào đang áp dụng."))
        values: list[tuple[Criterion, int]] = []
        for criterion in criteria:
            value = scores.get(criterion.pk)
            if value is None:
                raise ServiceError(_("Chưa chấm tiêu chí “%(name)s”.") % {"name": criterion.name})
            if not 0 <= int(value) <= criterion.max_score:
                raise ServiceError(
                    _("Điểm tiêu chí “%(name)s” phải từ 0 đến %(max)s.")
                    % {"name": criterion.name, "max": criterion.max_score}
                )
            values.append((criterion, int(value)))
        Score.objects.bulk_create(Score(sheet=locked, criterion=c, value=v) for c, v in values)
        locked.total = weighted_total([(v, c.max_score, c.weight) for c, v in values])
        locked.comment = (comment or "").strip()
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["total", "comment", "submitted_at"])
        audit.record(
            actor=actor,
            action="scoresheet.submit",
            obj=locked.appraisal.proposal,
            after={"sheet": locked.pk, "total": locked.total},
            # The timeline is shown to the facility and to members yet to score: no figures.
            note=_("Thành viên hội đồng đã nộp phiếu chấm."),
        )
        pending = ScoreSheet.objects.filter(
            appraisal_id=locked.appraisal_id, submitted_at__isnull=True
        ).exists()
        if not pending:
            proposal = locked.appraisal.proposal
            notify(
                recipients=User.objects.filter(role=Role.DIT, is_active=True),
                subject=lambda: (
                    _("Đề án %(code)s: đủ phiếu chấm, có thể kết thúc thẩm định")
                    % {"code": proposal.code}
                ),
                url=reverse("proposals:proposal_detail", args=[proposal.pk]),
            )
    return locked


def mean_score(sheets: Sequence[ScoreSheet]) -> Decimal:
    totals = [s.total for s in sheets if s.total is not None]
    if not totals:
        return Decimal(0)
    return (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _check_caps(proposal: Proposal, amount: int) -> None:
    """Refuse a recommendation (VND) above the proposal's rule or the facility's remaining cap.

    Without a rule in force the approval refuses later; the council may still conclude.
    """
    rule = applicable_rule(proposal)
    if rule is None:
        return
    line = bool(proposal.is_production_line and rule.production_line_multiplier)
    cap = rule.cap(eligible_cost(proposal), production_line=line)
    if amount > cap.maximum:
        raise ServiceError(
            _("Kinh phí hội đồng đề nghị %(amount)s vượt mức hỗ trợ tối đa %(max)s. %(explain)s.")
            % {
                "amount": format_vnd(amount),
                "max": format_vnd(cap.maximum),
                "explain": cap.explain(),
            }
        )
    check_facility_cap(proposal, amount=amount, label=_("Kinh phí hội đồng đề nghị"))


def appraisal_conclude(*, proposal: Proposal, actor: User, recommended_amount: int) -> Appraisal:
    """DIT specialist closes the round once every member has scored."""
    if recommended_amount is None or int(recommended_amount) < 0:
        raise ServiceError(_("Kinh phí hội đồng đề nghị không hợp lệ."))
    amount = int(recommended_amount)
    result: list[Appraisal] = []

    def change(p: Proposal) -> list[str]:
        appraisal = (
            Appraisal.objects.select_for_update().filter(proposal=p).open().order_by("-id").first()
        )
        if appraisal is None:
            raise ServiceError(_("Đề án không có đợt thẩm định đang mở."))
        sheets = list(appraisal.sheets.select_related("member"))
        missing = [s.member for s in sheets if s.submitted_at is None]
        if missing:
            raise ServiceError(
                _("Chưa thể kết thúc: còn thiếu phiếu chấm của %(names)s.")
                % {"names": ", ".join(str(m) for m in missing)}
            )
        if amount > p.requested_support:
            raise ServiceError(
                _("Kinh phí đề nghị %(amount)s vượt kinh phí cơ sở đề nghị %(requested)s.")
                % {"amount": format_vnd(amount), "requested": format_vnd(p.requested_support)}
            )
        _check_caps(p, amount)
        appraisal.mean_score = mean_score(sheets)
        appraisal.recommended_amount = amount
        appraisal.concluded_at = timezone.now()
        appraisal.save(update_fields=["mean_score", "recommended_amount", "concluded_at"])
        p.recommended_amount = amount
        result.append(appraisal)
        return ["recommended_amount"]

    with transaction.atomic():
        # The facility before the proposal, as at approval: one lock order, no deadlock.
        lock_facility(proposal)
        run_transition(
            proposal=proposal,
            actor=actor,
            action=Action.CONCLUDE_APPRAISAL,
            change=change,
            note=lambda: (
                _("Kinh phí hội đồng đề nghị: %(amount)s") % {"amount": format_vnd(amount)}
            ),
        )
        appraisal = result[0]
        audit.record(
            actor=actor,
            action="appraisal.conclude",
            obj=proposal,
            after={"mean_score": appraisal.mean_score, "passed": appraisal.passed},
            note=_("Hội đồng đã chấm đủ %(n)s phiếu.") % {"n": appraisal.sheets.count()},
        )
    return appraisal
