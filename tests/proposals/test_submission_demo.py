from django.core.management import call_command

from khuyencong.models import AuditLog
from proposals.models import Attachment, CostLine, Proposal, Revision


def _counts():
    return (
        Proposal.objects.count(),
        CostLine.objects.count(),
        Attachment.objects.count(),
        Revision.objects.count(),
        AuditLog.objects.count(),
    )


def test_demo_facilities_get_proposals_in_several_states_idempotently(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == first
    for username in ("facility1", "facility2"):
        states = set(
            Proposal.objects.filter(facility__users__username=username).values_list(
                "state", flat=True
            )
        )
        assert {"draft", "submitted", "returned", "withdrawn"} <= states
    returned = Proposal.objects.filter(state="returned").first()
    assert returned.last_reason and returned.code
    assert Attachment.objects.filter(proposal=returned).count() >= 4
    assert CostLine.objects.filter(proposal=returned).exists()
