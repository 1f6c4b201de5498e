from django.core.management import call_command

from khuyencong.models import AuditLog, Notification
from proposals.models import Proposal, ScoreSheet, State


def test_demo_covers_every_review_state_and_is_idempotent(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    states = set(Proposal.objects.values_list("state", flat=True))
    assert {
        State.SUBMITTED,
        State.FORWARDED,
        State.UNDER_APPRAISAL,
        State.APPRAISED,
        State.APPROVED,
        State.REJECTED,
    } <= states
    under = Proposal.objects.get(state=State.UNDER_APPRAISAL)
    sheets = ScoreSheet.objects.filter(appraisal__proposal=under)
    assert sheets.filter(submitted_at__isnull=False).count() == 1
    counts = (Proposal.objects.count(), AuditLog.objects.count(), Notification.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Proposal.objects.count(), AuditLog.objects.count(), Notification.objects.count()) == (
        counts
    )
