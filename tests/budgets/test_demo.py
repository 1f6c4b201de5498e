from django.core.management import call_command

from budgets.models import Allocation, Appropriation, Disbursement
from proposals.models import Proposal


def test_the_demo_has_money_in_every_state_and_loads_twice_unchanged(db):
    call_command("load_demo", stdout=None)
    counts = (
        Appropriation.objects.count(),
        Allocation.objects.count(),
        Disbursement.objects.count(),
        Proposal.objects.count(),
    )
    call_command("load_demo", stdout=None)
    assert counts == (
        Appropriation.objects.count(),
        Allocation.objects.count(),
        Disbursement.objects.count(),
        Proposal.objects.count(),
    )
    assert set(Allocation.objects.values_list("status", flat=True)) == {
        "proposed",
        "confirmed",
        "refused",
    }
    assert set(Disbursement.objects.values_list("status", flat=True)) == {
        "proposed",
        "confirmed",
        "refused",
    }
    assert set(Disbursement.objects.values_list("kind", flat=True)) == {"advance", "payment"}
    assert Proposal.objects.filter(state="accepted", accepted_support__isnull=False).exists()
