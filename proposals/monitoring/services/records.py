"""Records kept while the work runs: the facility's progress reports and the DIT's site
inspections. Each locks the proposal row, so two reports cannot race past the allocation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.conf import settings
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
    ProgressReport,
    ProgressSpending,
    Proposal,
    SiteInspection,
)
from proposals.monitoring.permissions import (
    can_inspect,
    can_report_progress,
)
from proposals.monitoring.selectors import allocation_available, spent_by_line
from proposals.monitoring.services.common import (
    Files,
    attach_files,
    detail_url,
    dit_staff,
    facility_owners,
    lock_proposal,
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
        locked = lock_proposal(proposal)
        allowed, reason = can_report_progress(actor, locked)
        if not allowed:
            raise ServiceError(reason)
        if locked.progress_reports.count() >= settings.MAX_PROGRESS_REPORTS:
            raise ServiceError(
                _("Một đề án có tối đa %(limit)s báo cáo tiến độ.")
                % {"limit": settings.MAX_PROGRESS_REPORTS}
            )
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
        available = allocation_available(locked)
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
        attach_files(proposal=locked, actor=actor, files=photos, kind="photo", report=report)
        attach_files(proposal=locked, actor=actor, files=invoices, kind="invoice", report=report)
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
            recipients=dit_staff(),
            subject=lambda: (
                _("Đề án %(code)s: báo cáo tiến độ lần %(n)s (%(p)s%%)")
                % {"code": locked.code, "n": report.number, "p": percent_done}
            ),
            url=detail_url(locked),
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
        locked = lock_proposal(proposal)
        allowed, reason = can_inspect(actor, locked)
        if not allowed:
            raise ServiceError(reason)
        if locked.contract_date and inspected_on < locked.contract_date:
            raise ServiceError(
                _("Ngày kiểm tra (%(day)s) không được trước ngày hợp đồng (%(contract)s).")
                % {"day": short_date(inspected_on), "contract": short_date(locked.contract_date)}
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
        attach_files(
            proposal=locked, actor=actor, files=photos, kind="photo", inspection=inspection
        )
        audit.record(
            actor=actor,
            action="proposal.inspection",
            obj=locked,
            after={"inspected_on": inspected_on, "follow_up_required": follow_up_required},
            note=findings,
        )
        notify(
            recipients=facility_owners(locked),
            subject=lambda: (
                _("Đề án %(code)s: kết quả kiểm tra thực địa ngày %(day)s")
                % {"code": locked.code, "day": short_date(inspected_on)}
            ),
            body=lambda: (
                (_("Cần khắc phục: %(what)s") % {"what": follow_up}) if follow_up_required else ""
            ),
            url=detail_url(locked),
        )
    return inspection
