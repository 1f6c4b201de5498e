"""Celery tasks of the review process: the daily digest of overdue and due-soon dossiers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from khuyencong.lib.dates import short_date
from khuyencong.models import Role, User
from khuyencong.task_retry import RETRY, TRANSIENT_MAIL_ERRORS
from proposals.deadlines import DeadlineCalendar
from proposals.models import Proposal, ScoreSheet, State

DIGEST_MARK_SECONDS = 3 * 24 * 3600


def deadline_digest(today: dt.date | None = None) -> dict[User, list[Proposal]]:
    """For each responsible officer, its overdue and due-soon dossiers (overdue first).

    District officers answer for submitted proposals of their locality, DIT specialists for
    forwarded ones and those under appraisal, leaders for appraised ones, and each council
    member for the appraisals where its own sheet is still missing.
    """
    calendar = DeadlineCalendar(today)
    pending = [
        p
        for p in calendar.mark(
            Proposal.objects.filter(state__in=calendar.states).select_related("facility")
        )
        if p.deadline and (p.deadline.is_overdue or p.deadline.is_due_soon)
    ]
    if not pending:
        return {}
    active = User.objects.filter(is_active=True)
    officers: dict[int, list[User]] = defaultdict(list)
    for officer in active.filter(role=Role.DISTRICT, locality__isnull=False):
        officers[officer.locality_id].append(officer)
    dit = list(active.filter(role=Role.DIT))
    leaders = list(active.filter(role=Role.LEADER))
    by_id = {p.pk: p for p in pending}
    scorers: dict[int, list[User]] = defaultdict(list)
    for sheet in ScoreSheet.objects.filter(
        appraisal__proposal_id__in=[p.pk for p in pending if p.state == State.UNDER_APPRAISAL],
        appraisal__concluded_at__isnull=True,
        appraisal__closed_at__isnull=True,
        submitted_at__isnull=True,
        member__is_active=True,
    ).select_related("member", "appraisal"):
        scorers[sheet.appraisal.proposal_id].append(sheet.member)

    digest: dict[User, list[Proposal]] = defaultdict(list)
    for proposal in by_id.values():
        if proposal.state == State.SUBMITTED:
            responsible = officers.get(proposal.locality_id, [])
        elif proposal.state == State.FORWARDED:
            responsible = dit
        elif proposal.state == State.UNDER_APPRAISAL:
            responsible = dit + scorers.get(proposal.pk, [])
        else:
            responsible = leaders
        for user in responsible:
            digest[user].append(proposal)
    for items in digest.values():
        items.sort(key=lambda p: (not p.deadline.is_overdue, p.deadline.due, p.pk))
    return dict(digest)


def _line(proposal: Proposal) -> str:
    deadline = proposal.deadline
    url = settings.PORTAL_BASE_URL + reverse("proposals:proposal_detail", args=[proposal.pk])
    return _("- %(code)s %(title)s: %(status)s, hạn %(due)s (%(state)s)\n  %(url)s") % {
        "code": proposal.code,
        "title": proposal.title,
        "status": deadline.label,
        "due": short_date(deadline.due),
        "state": proposal.get_state_display(),
        "url": url,
    }


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, max_retries=3, **RETRY)
def send_deadline_digests(today: str | None = None) -> int:
    """E-mail each responsible officer its digest; returns the number of e-mails sent.

    ``today`` (ISO date) replays the digest of another day; beat passes nothing. Each officer
    gets one digest a day: a retry after a partial failure (or a second delivery of the task)
    only sends the ones still missing. The mark lives in the shared cache (Redis in production).
    """
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    sent = 0
    with override(settings.LANGUAGE_CODE):
        for user, proposals in deadline_digest(day).items():
            if not user.email:
                continue
            overdue = sum(1 for p in proposals if p.deadline.is_overdue)
            subject = _("Hồ sơ cần xử lý: %(overdue)s quá hạn, %(soon)s sắp đến hạn") % {
                "overdue": overdue,
                "soon": len(proposals) - overdue,
            }
            body = "\n".join(
                [_("Kính gửi %(name)s,") % {"name": user}, ""] + [_line(p) for p in proposals]
            )
            mark = f"kc:digest:{day.isoformat()}:{user.pk}"
            if not cache.add(mark, 1, timeout=DIGEST_MARK_SECONDS):
                continue
            try:
                send_mail(
                    subject=subject, message=body, from_email=None, recipient_list=[user.email]
                )
            except Exception:
                cache.delete(mark)  # not sent: the retry must send it
                raise
            sent += 1
    return sent
