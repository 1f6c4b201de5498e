from django.core.management import call_command

from budgets.demo import DECISION
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


def test_every_budget_page_renders_on_the_demo_data(client, db):
    from django.urls import reverse

    from budgets.models import Settlement
    from khuyencong.models import User

    call_command("load_demo", stdout=None)
    accepted = Proposal.objects.get(code="KC-DEMO-0003")
    allocation = Allocation.objects.filter(status="confirmed").first()
    pages = [
        reverse("budgets:home"),
        reverse("budgets:reconciliation"),
        reverse("budgets:allocation_board"),
        reverse("budgets:appropriation_list"),
        reverse(
            "budgets:appropriation_detail",
            args=[Appropriation.objects.get(decision_number=DECISION).pk],
        ),
        reverse("budgets:allocation_review", args=[allocation.pk]),
        reverse("budgets:disbursement_review", args=[Disbursement.objects.first().pk]),
        reverse("budgets:money_history", args=[accepted.pk]),
        reverse("budgets:statement_list"),
    ]
    for username in ("finance1", "dit1"):
        client.force_login(User.objects.get(username=username))
        for url in pages:
            assert client.get(url).status_code == 200, (username, url)
    board = client.get(reverse("budgets:allocation_board")).content.decode()
    assert "KC-DEMO-0004" in board  # approved, refused allocation, still unfunded
    client.force_login(User.objects.get(username="finance1"))
    assert client.get(reverse("budgets:settlement_create", args=[accepted.pk])).status_code == 200
    response = client.post(
        reverse("budgets:settlement_create", args=[accepted.pk]), {"amount": "380.000.000"}
    )
    assert response.status_code == 302
    assert Settlement.objects.get(proposal=accepted).returned == 20_000_000
