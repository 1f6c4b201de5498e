"""The demo has a proposal at every monitoring step, and loading it twice changes nothing."""

from django.core.management import call_command

from budgets.models import Allocation
from khuyencong.models import AuditLog
from proposals.models import (
    Acceptance,
    ChangeRequest,
    MonitoringFile,
    ProgressReport,
    Proposal,
    SiteInspection,
)


def _counts() -> tuple[int, ...]:
    return (
        Proposal.objects.count(),
        ProgressReport.objects.count(),
        SiteInspection.objects.count(),
        ChangeRequest.objects.count(),
        Acceptance.objects.count(),
        MonitoringFile.objects.count(),
        AuditLog.objects.count(),
    )


def test_the_demo_covers_every_monitoring_step_and_is_idempotent(db):
    call_command("load_demo")
    states = dict(
        Proposal.objects.filter(code__startswith="KC-2026-90").values_list("code", "state")
    )
    assert sorted(states.values()) == sorted(
        ["approved", "in_progress", "in_progress", "accepted", "cancelled", "in_progress"]
    )
    assert ChangeRequest.objects.filter(status="pending").count() == 1
    assert SiteInspection.objects.count() == 1 and ProgressReport.objects.count() >= 4
    cancelled = Proposal.objects.get(state="cancelled", code__startswith="KC-2026-90")
    allocation = Allocation.objects.get(proposal=cancelled)
    assert allocation.released == allocation.amount
    accepted = Proposal.objects.get(state="accepted", code__startswith="KC-2026-90")
    assert accepted.accepted_support == 250_000_000
    before = _counts()
    call_command("load_demo")
    assert _counts() == before
