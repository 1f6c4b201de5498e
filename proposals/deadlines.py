"""Deadlines of the review steps: due date, overdue and due-soon marks, who is responsible.

A calendar loads the holidays and the step limits once (two queries), then marks any number
of proposals in Python, so list pages keep a constant number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.holidays import work_calendar
from khuyencong.lib.workdays import add_working_days, working_days_between
from proposals.models import Proposal, StepDeadline

OK, DUE_SOON, OVERDUE = "ok", "due_soon", "overdue"
LABELS = {OK: _("Trong hạn"), DUE_SOON: _("Sắp đến hạn"), OVERDUE: _("Quá hạn")}


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    remaining: int  # working days left; negative when overdue
    status: str
    # The span rests on a holiday schedule not yet officially announced: the date may move.
    provisional: bool = False

    @property
    def label(self) -> str:
        return str(LABELS[self.status])

    @property
    def is_overdue(self) -> bool:
        return self.status == OVERDUE

    @property
    def is_due_soon(self) -> bool:
        return self.status == DUE_SOON

    @property
    def late_by(self) -> int:
        """Working days past the due date (0 while in time)."""
        return max(0, -self.remaining)


class DeadlineCalendar:
    def __init__(self, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self.holidays = work_calendar()
        self.limits = {s.state: s for s in StepDeadline.objects.all()}

    @property
    def states(self) -> list[str]:
        return list(self.limits)

    def for_proposal(self, proposal: Proposal) -> Deadline | None:
        limit = self.limits.get(proposal.state)
        if limit is None:
            return None
        since = timezone.localdate(proposal.state_changed_at)
        due = add_working_days(since, limit.working_days, self.holidays)
        remaining = working_days_between(self.today, due, self.holidays)
        if self.today > due:
            status = OVERDUE
        elif remaining <= limit.due_soon_days:
            status = DUE_SOON
        else:
            status = OK
        return Deadline(
            due=due,
            remaining=remaining,
            status=status,
            provisional=self.holidays.is_provisional(since, due),
        )

    def _status_since(self, limit: StepDeadline, since: dt.date) -> str:
        due = add_working_days(since, limit.working_days, self.holidays)
        if self.today > due:
            return OVERDUE
        remaining = working_days_between(self.today, due, self.holidays)
        return DUE_SOON if remaining <= limit.due_soon_days else OK

    def _latest_since(self, limit: StepDeadline, statuses: tuple[str, ...]) -> dt.date | None:
        """The latest day a step may have started and still be in ``statuses`` today.

        The status only worsens as the start moves back (a later start is a later due date),
        so a binary search over the possible starts finds the boundary: about ten lookups in
        the precomputed calendar per step, whatever the number of proposals.
        """
        # N working days never span more than 3N + 60 calendar days (weekends, Tết).
        low = self.today - dt.timedelta(days=3 * limit.working_days + 60)
        high = self.today
        if self._status_since(limit, high) in statuses:
            return high
        if self._status_since(limit, low) not in statuses:
            return None
        while (high - low).days > 1:  # invariant: low qualifies, high does not
            middle = low + (high - low) / 2
            middle = dt.date.fromordinal(middle.toordinal())
            if self._status_since(limit, middle) in statuses:
                low = middle
            else:
                high = middle
        return low

    def q(self, status: str, prefix: str = "") -> Q | None:
        """Proposals (through ``prefix``, e.g. ``"appraisal__proposal__"``) whose current step
        is ``status`` or worse today (``DUE_SOON`` includes the overdue ones), as a filter the
        database evaluates: the statuses of ``for_proposal``, counted in SQL instead of marking
        every row. ``None`` when no proposal can be in that status today."""
        statuses = (OVERDUE,) if status == OVERDUE else (OVERDUE, DUE_SOON)
        condition: Q | None = None
        for state, limit in self.limits.items():
            latest = self._latest_since(limit, statuses)
            if latest is None:
                continue
            # Started on or before ``latest`` (a local day): before the next local midnight.
            midnight = dt.datetime.combine(latest + dt.timedelta(days=1), dt.time.min)
            step = Q(
                **{
                    f"{prefix}state": state,
                    f"{prefix}state_changed_at__lt": timezone.make_aware(midnight),
                }
            )
            condition = step if condition is None else condition | step
        return condition

    def mark(self, proposals: Iterable[Proposal]) -> list[Proposal]:
        """Set ``proposal.deadline`` on each (``None`` for steps without a limit)."""
        marked = list(proposals)
        for proposal in marked:
            proposal.deadline = self.for_proposal(proposal)
        return marked

    def days_waiting(self, proposal: Proposal) -> int:
        return working_days_between(
            timezone.localdate(proposal.state_changed_at), self.today, self.holidays
        )
