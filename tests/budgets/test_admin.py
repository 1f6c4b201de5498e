from django.urls import reverse

from tests.factories_budget import AllocationFactory, DisbursementFactory


def test_money_rows_are_read_only_in_the_admin(client, world):
    disbursement = DisbursementFactory()
    client.force_login(world.users["admin"])
    for model, pk in [
        ("allocation", disbursement.allocation_id),
        ("disbursement", disbursement.pk),
        ("appropriation", disbursement.allocation.appropriation_id),
    ]:
        assert client.get(reverse(f"admin:budgets_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:budgets_{model}_add")).status_code == 403
        assert (
            client.post(
                reverse(f"admin:budgets_{model}_delete", args=[pk]), {"post": "yes"}
            ).status_code
            == 403
        )
    page = client.post(
        reverse("admin:budgets_allocation_change", args=[disbursement.allocation_id]),
        {"amount": 1},
    )
    assert page.status_code == 403
    assert AllocationFactory._meta.model.objects.get().amount == disbursement.allocation.amount
