from django.core.management import call_command

from proposals.models import Attachment, CostLine, Proposal


def test_demo_facilities_get_proposals_in_several_states(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for username, expected in (
        ("facility1", {"draft", "submitted", "returned", "withdrawn"}),
        ("facility2", {"draft", "submitted", "rejected", "forwarded"}),
    ):
        states = set(
            Proposal.objects.filter(facility__users__username=username).values_list(
                "state", flat=True
            )
        )
        assert expected <= states, username
    returned = Proposal.objects.get(state="returned")
    assert returned.last_reason and returned.code
    assert Attachment.objects.filter(proposal=returned).count() >= 4
    assert CostLine.objects.filter(proposal=returned).exists()
    # Resubmitted after a return: two revisions, and the cost estimate changed in between.
    resubmitted = Proposal.objects.get(title="Máy chiết rót nước mắm bán tự động")
    assert resubmitted.state == "submitted"
    assert list(resubmitted.revisions.values_list("reason", flat=True).order_by("pk")) == [
        "submission",
        "resubmission",
    ]
