"""Recording and confirming a recovery, and the refusals, through the real pages (issue 17)."""

from django.urls import reverse

from budgets.models import Disbursement, Settlement
from tests.factories_budget import AllocationFactory, DisbursementFactory


def login(client, user):
    client.force_login(user)
    return client


def _stuck(world):
    """Advance 125,000,000 confirmed, acceptance at 100,000,000 (the case of issue 17)."""
    allocation = AllocationFactory(
        amount=250_000_000,
        proposal__approved_amount=250_000_000,
        proposal__state="accepted",
        proposal__accepted_support=100_000_000,
        proposal__facility=world.users["facility"].facility,
        proposal__created_by=world.users["facility"],
    )
    DisbursementFactory(allocation=allocation, kind="advance", amount=125_000_000)
    return allocation


def test_the_stuck_case_is_settled_through_the_pages_after_a_recovery(client, world):
    allocation = _stuck(world)
    proposal = allocation.proposal
    dit = login(client, world.users["dit"])
    page = dit.get(reverse("budgets:disbursement_record", args=[allocation.pk])).content.decode()
    assert "Thu hồi tạm ứng" in page
    assert 'id="recovery-owed">25.000.000 đ' in page

    response = dit.post(
        reverse("budgets:disbursement_record", args=[allocation.pk]),
        {
            "kind": "recovery",
            "amount": "25.000.000",
            "voucher_number": "TH-1",
            "voucher_date": "2027-04-02",
        },
    )
    assert response.status_code == 302
    recovery = Disbursement.objects.get(kind="recovery")
    assert recovery.status == "proposed" and recovery.amount == 25_000_000

    finance = login(client, world.users["finance"])
    review = finance.get(
        reverse("budgets:disbursement_review", args=[recovery.pk])
    ).content.decode()
    assert "Thu hồi tạm ứng" in review
    finance.post(reverse("budgets:disbursement_confirm", args=[recovery.pk]))
    response = finance.post(
        reverse("budgets:settlement_create", args=[proposal.pk]), {"amount": "100.000.000"}
    )
    assert response.status_code == 302
    settlement = Settlement.objects.get()
    assert (settlement.amount, settlement.returned) == (100_000_000, 150_000_000)


def test_settling_before_the_recovery_says_how_much_to_recover(client, world):
    allocation = _stuck(world)
    finance = login(client, world.users["finance"])
    response = finance.post(
        reverse("budgets:settlement_create", args=[allocation.proposal_id]),
        {"amount": "100.000.000"},
    )
    assert response.status_code == 400
    assert "Cần ghi nhận thu hồi tạm ứng 25.000.000 đ" in response.content.decode()
    assert not Settlement.objects.exists()


def test_a_payment_beyond_the_accepted_support_is_refused_on_the_page(client, world):
    allocation = AllocationFactory(
        amount=300_000_000, proposal__state="accepted", proposal__accepted_support=200_000_000
    )
    dit = login(client, world.users["dit"])
    response = dit.post(
        reverse("budgets:disbursement_record", args=[allocation.pk]),
        {
            "kind": "payment",
            "amount": "250.000.000",
            "voucher_number": "TT-1",
            "voucher_date": "2027-05-02",
        },
    )
    assert response.status_code == 400
    assert "Vượt kinh phí nghiệm thu: đề nghị thanh toán 250.000.000 đ" in response.content.decode()
    assert not Disbursement.objects.exists()


def test_a_voucher_dated_in_2099_is_refused_with_the_dates(client, world):
    allocation = AllocationFactory(amount=300_000_000, proposal__state="in_progress")
    dit = login(client, world.users["dit"])
    response = dit.post(
        reverse("budgets:disbursement_record", args=[allocation.pk]),
        {
            "kind": "payment",
            "amount": "10.000.000",
            "voucher_number": "TT-1",
            "voucher_date": "2099-01-01",
        },
    )
    assert response.status_code == 400
    assert "Ngày chứng từ 01/01/2099 không được sau ngày hôm nay (30/06/2027)" in (
        response.content.decode()
    )
    assert not Disbursement.objects.exists()


def test_the_money_panel_shows_what_must_be_recovered_to_the_proposal_owner(client, world):
    allocation = _stuck(world)
    owner = login(client, world.users["facility"])
    panel = owner.get(reverse("budgets:money_panel", args=[allocation.proposal_id]))
    assert panel.status_code == 200
    html = panel.content.decode()
    assert 'id="allocation-available">250.000.000 đ' in html
    assert 'id="paid">125.000.000 đ' in html
    assert 'id="recovery-owed">25.000.000 đ' in html
    page = owner.get(reverse("proposals:proposal_detail", args=[allocation.proposal_id]))
    expected = f'hx-get="{reverse("budgets:money_panel", args=[allocation.proposal_id])}"'
    assert expected in page.content.decode()


def test_cancelling_after_an_advance_is_refused_with_the_figures(client, world):
    allocation = AllocationFactory(
        amount=300_000_000,
        proposal__state="in_progress",
        proposal__facility=world.users["facility"].facility,
    )
    DisbursementFactory(allocation=allocation, kind="advance", amount=90_000_000)
    leader = login(client, world.users["leader"])
    response = leader.post(
        reverse("budgets:proposal_cancel", args=[allocation.proposal_id]),
        {"reason": "Cơ sở ngừng sản xuất."},
    )
    assert response.status_code == 400
    assert "cần ghi nhận thu hồi tạm ứng 90.000.000 đ" in response.content.decode()
    allocation.proposal.refresh_from_db()
    assert allocation.proposal.state == "in_progress"
