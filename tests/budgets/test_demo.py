from django.core.management import call_command
from django.urls import reverse

from budgets.models import Allocation, Appropriation, Disbursement, Settlement
from khuyencong.models import User
from khuyencong.seed.demo.story import APPROPRIATION_DECISION, plan_year
from proposals.models import Proposal


def _load(capture) -> None:
    with capture(execute=True):
        call_command("load_demo", stdout=None)


def test_the_demo_has_money_in_every_state(db, django_capture_on_commit_callbacks):
    _load(django_capture_on_commit_callbacks)
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
    assert Settlement.objects.filter(proposal__state="settled").exists()
    assert Appropriation.objects.get(decision_number=APPROPRIATION_DECISION).adjustments.exists()


def test_every_budget_page_renders_on_the_demo_data(client, db, django_capture_on_commit_callbacks):
    _load(django_capture_on_commit_callbacks)
    accepted = Proposal.objects.get(state="accepted", plan_year=plan_year())  # not 2025's
    allocation = Allocation.objects.filter(status="confirmed").first()
    pages = [
        reverse("budgets:home"),
        reverse("budgets:reconciliation"),
        reverse("budgets:allocation_board"),
        reverse("budgets:appropriation_list"),
        reverse(
            "budgets:appropriation_detail",
            args=[Appropriation.objects.get(decision_number=APPROPRIATION_DECISION).pk],
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
    refused = Allocation.objects.get(status="refused").proposal
    assert refused.code in board  # approved, refused allocation, still unfunded
    client.force_login(User.objects.get(username="finance1"))
    assert client.get(reverse("budgets:settlement_create", args=[accepted.pk])).status_code == 200
    allocated = Allocation.objects.get(proposal=accepted, status="confirmed").amount
    settle = accepted.accepted_support - 20_000_000
    response = client.post(
        reverse("budgets:settlement_create", args=[accepted.pk]),
        {"amount": f"{settle:,}".replace(",", ".")},
    )
    assert response.status_code == 302
    assert Settlement.objects.get(proposal=accepted).returned == allocated - settle
