import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.models import (
    Allocation,
    Appropriation,
    AppropriationAdjustment,
    Disbursement,
    Settlement,
    StatementImport,
)
from budgets.selectors import year_figures
from khuyencong.models import AuditLog
from tests.factories import FacilityFactory, FundSourceFactory
from tests.factories_budget import (
    AllocationFactory,
    AppropriationFactory,
    ApprovedProposalFactory,
    DisbursementFactory,
)


def login(client, user):
    client.force_login(user)
    return client


# --- Amounts in words on every confirm screen -------------------------------------------------


def test_the_allocation_confirm_screen_shows_the_amount_in_words(client, world):
    allocation = AllocationFactory(
        amount=1_250_000_000,
        status="proposed",
        appropriation__amount=2_000_000_000,
        proposal__approved_amount=1_250_000_000,
    )
    response = login(client, world.users["finance"]).get(
        reverse("budgets:allocation_review", args=[allocation.pk])
    )
    text = response.content.decode()
    assert "1.250.000.000 đ" in text
    assert "Một tỷ hai trăm năm mươi triệu đồng" in text
    assert reverse("budgets:allocation_confirm", args=[allocation.pk]) in text


def test_the_disbursement_confirm_screen_shows_the_amount_in_words(client, world):
    disbursement = DisbursementFactory(amount=100_000_000, status="proposed")
    text = (
        login(client, world.users["finance"])
        .get(reverse("budgets:disbursement_review", args=[disbursement.pk]))
        .content.decode()
    )
    assert "Một trăm triệu đồng" in text
    assert reverse("budgets:disbursement_confirm", args=[disbursement.pk]) in text


def test_the_dit_sees_no_confirm_button(client, world):
    disbursement = DisbursementFactory(status="proposed")
    text = (
        login(client, world.users["dit"])
        .get(reverse("budgets:disbursement_review", args=[disbursement.pk]))
        .content.decode()
    )
    assert reverse("budgets:disbursement_confirm", args=[disbursement.pk]) not in text
    assert "Chỉ Sở Tài chính xác nhận" in text


def test_the_settlement_screen_shows_the_accepted_support_in_words(client, world):
    allocation = AllocationFactory(
        proposal__state="accepted", proposal__accepted_support=250_000_000
    )
    text = (
        login(client, world.users["finance"])
        .get(reverse("budgets:settlement_create", args=[allocation.proposal_id]))
        .content.decode()
    )
    assert "Hai trăm năm mươi triệu đồng" in text


def test_the_preview_spells_the_amount_and_the_remaining_appropriation(client, world):
    appropriation = AppropriationFactory(amount=2_000_000_000)
    AllocationFactory(appropriation=appropriation, amount=500_000_000)
    response = login(client, world.users["dit"]).get(
        reverse("budgets:allocation_preview"),
        {"p7-appropriation": appropriation.pk, "p7-amount": "1.250.000.000"},
    )
    text = response.content.decode()
    assert "Một tỷ hai trăm năm mươi triệu đồng" in text
    assert "1.500.000.000 đ" in text  # remaining now
    assert "250.000.000 đ" in text  # remaining after this allocation


def test_the_preview_explains_a_bad_amount(client, world):
    response = login(client, world.users["dit"]).get(
        reverse("budgets:allocation_preview"), {"amount": "1,5"}
    )
    assert response.status_code == 200
    assert "số nguyên đồng" in response.content.decode()


# --- Writes through the pages ------------------------------------------------------------------


def test_finance_enters_an_appropriation(client, world):
    fund = FundSourceFactory()
    response = login(client, world.users["finance"]).post(
        reverse("budgets:appropriation_list"),
        {
            "plan_year": 2027,
            "fund_source": fund.pk,
            "amount": "5.000.000.000",
            "decision_number": "123/QĐ-UBND",
            "decision_date": "2027-01-10",
        },
    )
    appropriation = Appropriation.objects.get()
    assert response.status_code == 302
    assert appropriation.amount == 5_000_000_000


@pytest.mark.parametrize("amount", ["1,5", "abc", "0", "-5", "1.25.000"])
def test_a_bad_appropriation_amount_is_refused_with_nothing_written(client, world, amount):
    response = login(client, world.users["finance"]).post(
        reverse("budgets:appropriation_list"),
        {
            "plan_year": 2027,
            "fund_source": FundSourceFactory().pk,
            "amount": amount,
            "decision_number": "1",
            "decision_date": "2027-01-10",
        },
    )
    assert response.status_code == 400
    assert not Appropriation.objects.exists()


def test_a_refused_adjustment_is_shown_with_the_numbers(client, world):
    allocation = AllocationFactory(amount=300_000_000, appropriation__amount=400_000_000)
    response = login(client, world.users["finance"]).post(
        reverse("budgets:appropriation_adjust", args=[allocation.appropriation_id]),
        {
            "direction": "decrease",
            "amount": "200.000.000",
            "reason": "Cắt giảm",
            "decision_number": "2",
            "decision_date": "2027-06-01",
        },
    )
    assert response.status_code == 400
    assert "sau điều chỉnh 200.000.000 đ, đã phân bổ 300.000.000 đ" in response.content.decode()
    assert not AppropriationAdjustment.objects.exists()


def test_the_dit_proposes_from_the_board_and_a_refusal_shows_the_numbers(client, world):
    appropriation = AppropriationFactory(amount=250_000_000)
    proposal = ApprovedProposalFactory(
        fund_source=appropriation.fund_source, approved_amount=400_000_000
    )
    client = login(client, world.users["dit"])
    board = client.get(reverse("budgets:allocation_board")).content.decode()
    assert proposal.code in board and "400.000.000 đ" in board
    url = reverse("budgets:allocation_propose", args=[proposal.pk])
    prefix = f"p{proposal.pk}"
    refused = client.post(
        url, {f"{prefix}-appropriation": appropriation.pk, f"{prefix}-amount": "400.000.000"}
    )
    assert refused.status_code == 400
    assert "Vượt dự toán còn lại: đề nghị 400.000.000 đ, còn lại 250.000.000 đ" in (
        refused.content.decode()
    )
    assert not Allocation.objects.exists()
    ok = client.post(
        url, {f"{prefix}-appropriation": appropriation.pk, f"{prefix}-amount": "200.000.000"}
    )
    assert ok.status_code == 302
    assert Allocation.objects.get().amount == 200_000_000


def test_finance_confirms_and_refuses_through_the_pages(client, world):
    first = AllocationFactory(status="proposed")
    second = AllocationFactory(status="proposed")
    client = login(client, world.users["finance"])
    client.post(reverse("budgets:allocation_confirm", args=[first.pk]))
    client.post(reverse("budgets:allocation_refuse", args=[second.pk]), {"reason": "Trùng"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.refusal_reason) == ("confirmed", "refused", "Trùng")


def test_the_dit_records_a_disbursement_and_finance_settles(client, world):
    allocation = AllocationFactory(amount=300_000_000, proposal__state="in_progress")
    dit = login(client, world.users["dit"])
    response = dit.post(
        reverse("budgets:disbursement_record", args=[allocation.pk]),
        {
            "kind": "advance",
            "amount": "200.000.000",
            "voucher_number": "TU-1",
            "voucher_date": "2027-03-01",
        },
    )
    assert response.status_code == 400
    assert "Vượt mức tạm ứng tối đa" in response.content.decode()
    response = dit.post(
        reverse("budgets:disbursement_record", args=[allocation.pk]),
        {
            "kind": "advance",
            "amount": "150.000.000",
            "voucher_number": "TU-1",
            "voucher_date": "2027-03-01",
        },
    )
    assert response.status_code == 302
    disbursement = Disbursement.objects.get()
    finance = login(client, world.users["finance"])
    finance.post(reverse("budgets:disbursement_confirm", args=[disbursement.pk]))
    proposal = allocation.proposal
    proposal.state, proposal.accepted_support = "accepted", 280_000_000
    proposal.save(update_fields=["state", "accepted_support"])
    response = finance.post(
        reverse("budgets:settlement_create", args=[proposal.pk]), {"amount": "280.000.000"}
    )
    assert response.status_code == 302
    assert Settlement.objects.get().returned == 20_000_000


def test_finance_uploads_a_statement_and_can_revisit_the_result(client, world):
    allocation = AllocationFactory(proposal__code="KC-2027-0100")
    DisbursementFactory(allocation=allocation, voucher_number="UNC-1", amount=5_000)
    client = login(client, world.users["finance"])
    content = "Mã hồ sơ;Số chứng từ;Ngày chứng từ;Số tiền\nKC-2027-0100;UNC-1;01/03/2027;5.000\n"
    response = client.post(
        reverse("budgets:statement_list"),
        {"plan_year": 2027, "file": SimpleUploadedFile("bk.csv", content.encode())},
    )
    statement = StatementImport.objects.get()
    assert response["Location"] == reverse("budgets:statement_detail", args=[statement.pk])
    page = client.get(response["Location"]).content.decode()
    assert "KC-2027-0100" in page and "Khớp" in page


def test_a_malformed_upload_lists_its_errors_and_imports_nothing(client, world):
    client = login(client, world.users["finance"])
    content = "Mã hồ sơ,Số chứng từ,Ngày chứng từ,Số tiền\nKC-1,UNC-1,hôm qua,5\n"
    response = client.post(
        reverse("budgets:statement_list"),
        {"plan_year": 2027, "file": SimpleUploadedFile("bk.csv", content.encode())},
    )
    assert response.status_code == 400
    assert "Dòng 2: ngày “hôm qua” không đúng dạng dd/mm/yyyy." in response.content.decode()
    assert not StatementImport.objects.exists()


# --- Scoping -----------------------------------------------------------------------------------


def test_the_facility_sees_its_own_money_history_with_audit_rows(client, world):
    from budgets.services import disbursement_record

    allocation = AllocationFactory(proposal__facility=world.users["facility"].facility)
    disbursement_record(
        allocation=allocation,
        kind="payment",
        amount=7_000_000,
        voucher_number="UNC-77",
        voucher_date=dt.date(2027, 3, 1),
        actor=world.users["dit"],
    )
    page = login(client, world.users["facility"]).get(
        reverse("budgets:money_history", args=[allocation.proposal_id])
    )
    text = page.content.decode()
    assert "UNC-77" in text and "Ghi nhận giải ngân" in text
    # No links to budget pages it may not open.
    assert reverse("budgets:allocation_review", args=[allocation.pk]) not in text
    other = login(client, world.users["facility_other"]).get(
        reverse("budgets:money_history", args=[allocation.proposal_id])
    )
    assert other.status_code == 404


def test_a_district_officer_sees_only_its_localitys_totals(client, world):
    AllocationFactory(amount=300_000_000, proposal__facility=FacilityFactory(locality=world.l1))
    AllocationFactory(amount=200_000_000, proposal__facility=FacilityFactory(locality=world.l2))
    text = (
        login(client, world.users["district"])
        .get(reverse("budgets:home"), {"year": 2027})
        .content.decode()
    )
    assert "300.000.000 đ" in text
    assert "500.000.000 đ" not in text and "200.000.000 đ" not in text
    assert "Dự toán được giao" not in text
    finance = (
        login(client, world.users["finance"])
        .get(reverse("budgets:home"), {"year": 2027})
        .content.decode()
    )
    assert "500.000.000 đ" in finance


# --- Reconciliation on a known data set ----------------------------------------------------------


@pytest.fixture
def known(db, world):
    """2027, one fund: 1.000 appropriated + 200 adjustment; allocations 300 confirmed,
    250 proposed, 100 refused; disbursements 120 confirmed + 30 proposed; one settlement of 280
    (accepted 290) that released 20 (in millions)."""
    m = 1_000_000
    fund = FundSourceFactory()
    appropriation = AppropriationFactory(amount=1_000 * m, fund_source=fund)
    AppropriationAdjustment.objects.create(
        appropriation=appropriation,
        delta=200 * m,
        reason="x",
        decision_number="2",
        decision_date=dt.date(2027, 6, 1),
        created_by=world.users["finance"],
    )
    settled = AllocationFactory(
        appropriation=appropriation,
        amount=300 * m,
        released=20 * m,
        proposal__state="settled",
        proposal__accepted_support=290 * m,
    )
    Settlement.objects.create(
        proposal=settled.proposal,
        amount=280 * m,
        returned=20 * m,
        settled_by=world.users["finance"],
    )
    DisbursementFactory(allocation=settled, amount=120 * m)
    DisbursementFactory(allocation=settled, amount=30 * m, status="proposed")
    AllocationFactory(appropriation=appropriation, amount=250 * m, status="proposed")
    AllocationFactory(appropriation=appropriation, amount=100 * m, status="refused")
    # Another year does not count.
    AllocationFactory(
        amount=999 * m,
        appropriation__plan_year=2026,
        appropriation__fund_source=fund,
        appropriation__amount=999 * m,
    )
    return fund


def test_the_reconciliation_figures_on_a_known_data_set(known):
    m = 1_000_000
    figures = year_figures(2027, known)
    assert figures.appropriated == 1_200 * m
    assert (figures.allocated_recorded, figures.allocated_confirmed) == (530 * m, 280 * m)
    assert (figures.disbursed_recorded, figures.disbursed_confirmed) == (150 * m, 120 * m)
    assert (figures.settled_recorded, figures.settled_confirmed) == (290 * m, 280 * m)
    assert (figures.remaining_recorded, figures.remaining_confirmed) == (670 * m, 920 * m)


def test_the_reconciliation_page_lists_mismatches_and_stale_items(client, world, known, settings):
    settings.RECONCILE_STALE_DAYS = 10
    old = Allocation.objects.get(status="proposed", amount=250_000_000)
    Allocation.objects.filter(pk=old.pk).update(proposed_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    text = (
        login(client, world.users["finance"])
        .get(reverse("budgets:reconciliation"), {"year": 2027, "fund": known.pk})
        .content.decode()
    )
    assert "530.000.000 đ" in text and "280.000.000 đ" in text and "670.000.000 đ" in text
    # The difference column gives the amount (DIT − Finance), not just a flag.
    figures = text.split('id="figures"')[1].split("</table>")[0]
    assert '<span class="overdue">+250.000.000 đ</span>' in figures  # allocated
    assert '<span class="overdue">+30.000.000 đ</span>' in figures  # disbursed
    assert '<span class="overdue">-250.000.000 đ</span>' in figures  # remaining
    mismatches = text.split('id="mismatches"')[1].split("</ul>")[0]
    assert old.proposal.code in mismatches
    stale = text.split('id="stale"')[1].split("</ul>")[0]
    assert old.proposal.code in stale
    assert "Chờ xác nhận quá 10 ngày" in text



def test_the_mismatches_are_exactly_the_proposals_with_money_still_waiting(known):
    """Issue 14: the mismatch list is made from the rows still waiting for Finance. Listed: a
    proposed allocation, a proposed payment on a confirmed allocation. Not listed: a proposal
    whose rows are all confirmed or refused, nor one whose waiting payment and recovery
    cancel out (recorded = confirmed), nor another year's."""
    from budgets.selectors import mismatched_proposals

    m = 1_000_000
    appropriation = Allocation.objects.filter(appropriation__fund_source=known).first()
    appropriation = appropriation.appropriation
    waiting_allocation = Allocation.objects.get(status="proposed", amount=250 * m).proposal
    waiting_payment = Allocation.objects.get(released=20 * m).proposal  # 30 proposed on it
    settled_only = AllocationFactory(appropriation=appropriation, amount=10 * m)
    DisbursementFactory(allocation=settled_only, amount=5 * m)
    AllocationFactory(appropriation=appropriation, amount=7 * m, status="refused")
    cancelling = AllocationFactory(appropriation=appropriation, amount=50 * m)
    DisbursementFactory(allocation=cancelling, amount=20 * m, status="proposed")
    DisbursementFactory(
        allocation=cancelling, amount=20 * m, status="proposed", kind="recovery"
    )
    listed = set(mismatched_proposals(2027, known).values_list("code", flat=True))
    assert listed == {waiting_allocation.code, waiting_payment.code}
    assert set(mismatched_proposals(2027, None).values_list("code", flat=True)) == listed
    assert not mismatched_proposals(2026, None).exists()

def test_accepted_proposals_waiting_for_settlement_are_shown_apart_not_as_a_mismatch(
    client, world, known
):
    m = 1_000_000
    appropriation = Allocation.objects.filter(appropriation__fund_source=known).first()
    AllocationFactory(
        appropriation=appropriation.appropriation,
        amount=40 * m,
        proposal__state="accepted",
        proposal__accepted_support=35 * m,
    )
    figures = year_figures(2027, known)
    # The settled row still compares the settled proposal with its settlement only.
    assert (figures.settled_recorded, figures.settled_confirmed) == (290 * m, 280 * m)
    assert figures.awaiting_settlement == 35 * m
    text = (
        login(client, world.users["finance"])
        .get(reverse("budgets:reconciliation"), {"year": 2027, "fund": known.pk})
        .content.decode()
    )
    awaiting = text.split('id="awaiting-settlement"')[1].split("</span>")[0]
    assert "chờ quyết toán" in awaiting and "35.000.000 đ" in awaiting


# --- Query counts do not grow with rows --------------------------------------------------------


def _make_rows(n: int) -> None:
    for _ in range(n):
        allocation = AllocationFactory(status="proposed", appropriation__amount=10**12)
        DisbursementFactory(
            allocation=AllocationFactory(appropriation=allocation.appropriation), status="proposed"
        )
        ApprovedProposalFactory(state="accepted", accepted_support=1)
        ApprovedProposalFactory(fund_source=allocation.appropriation.fund_source)


def _count(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name",
    [
        "budgets:home",
        "budgets:reconciliation",
        "budgets:allocation_board",
        "budgets:appropriation_list",
        "budgets:statement_list",
    ],
)
@pytest.mark.parametrize("persona", ["finance", "dit"])
def test_list_pages_run_a_constant_number_of_queries(client, world, name, persona):
    client = login(client, world.users[persona])
    _make_rows(2)
    few = _count(client, reverse(name), {"year": 2027})
    _make_rows(18)
    many = _count(client, reverse(name), {"year": 2027})
    assert few == many


def test_the_statement_result_and_money_history_run_a_constant_number_of_queries(client, world):
    from budgets.statements import statement_import

    client = login(client, world.users["finance"])
    allocation = AllocationFactory(proposal__code="KC-2027-0500")

    def statement_with(n: int) -> int:
        for i in range(n):
            DisbursementFactory(allocation=allocation, amount=1, voucher_number=f"Q{n}-{i}")
        lines = "".join(f"KC-2027-0500,Q{n}-{i},01/03/2027,1\n" for i in range(n))
        statement = statement_import(
            plan_year=2027,
            file_name="x.csv",
            content=("Mã hồ sơ,Số chứng từ,Ngày,Số tiền\n" + lines).encode(),
            actor=world.users["finance"],
        )
        return statement.pk

    few = _count(client, reverse("budgets:statement_detail", args=[statement_with(2)]))
    many = _count(client, reverse("budgets:statement_detail", args=[statement_with(20)]))
    assert few == many
    history = reverse("budgets:money_history", args=[allocation.proposal_id])
    assert _count(client, history) == _count(client, history)
    before = _count(client, history)
    for i in range(10):
        DisbursementFactory(allocation=allocation, amount=1, voucher_number=f"Z{i}")
    assert _count(client, history) == before


def test_every_money_write_leaves_an_audit_row(world):
    # The services tested elsewhere each assert their own row; this checks none is missed.
    from budgets import services

    finance, dit = world.users["finance"], world.users["dit"]
    appropriation = services.appropriation_create(
        plan_year=2027,
        fund_source=FundSourceFactory(),
        amount=10**9,
        decision_number="A",
        decision_date=dt.date(2027, 1, 1),
        actor=finance,
    )
    services.appropriation_adjust(
        appropriation=appropriation,
        delta=1,
        reason="r",
        decision_number="B",
        decision_date=dt.date(2027, 1, 2),
        actor=finance,
    )
    proposal = ApprovedProposalFactory(fund_source=appropriation.fund_source)
    allocation = services.allocation_propose(
        appropriation=appropriation, proposal=proposal, amount=100, actor=dit
    )
    services.allocation_confirm(allocation=allocation, actor=finance)
    disbursement = services.disbursement_record(
        allocation=allocation,
        kind="payment",
        amount=10,
        voucher_number="V",
        voucher_date=dt.date(2027, 2, 1),
        actor=dit,
    )
    services.disbursement_confirm(disbursement=disbursement, actor=finance)
    actions = list(AuditLog.objects.order_by("id").values_list("action", "after"))
    assert [a for a, _ in actions] == [
        "appropriation.create",
        "appropriation.adjust",
        "allocation.propose",
        "allocation.confirm",
        "disbursement.record",
        "disbursement.confirm",
    ]
    assert all(after for _, after in actions)


_ = io  # keep the import for crafted uploads


@pytest.mark.parametrize("year", ["abc", "-1", "99999999999999999999", ""])
def test_a_bad_year_falls_back_instead_of_failing(client, world, year):
    client = login(client, world.users["finance"])
    for name in ("budgets:home", "budgets:reconciliation"):
        assert client.get(reverse(name), {"year": year, "fund": "x"}).status_code == 200


def test_the_preview_ignores_an_absurd_appropriation_id(client, world):
    response = login(client, world.users["dit"]).get(
        reverse("budgets:allocation_preview"),
        {"appropriation": "99999999999999999999", "amount": "5"},
    )
    assert response.status_code == 200
    assert "Năm đồng" in response.content.decode()


def test_the_appropriation_history_runs_a_constant_number_of_queries(client, world):
    client = login(client, world.users["finance"])
    appropriation = AppropriationFactory(amount=10**12)

    def grow(n: int) -> None:
        for i in range(n):
            AllocationFactory(appropriation=appropriation, amount=1)
            AppropriationAdjustment.objects.create(
                appropriation=appropriation,
                delta=1,
                reason="r",
                decision_number=f"{n}-{i}",
                decision_date=dt.date(2027, 1, 1),
                created_by=world.users["finance"],
            )

    url = reverse("budgets:appropriation_detail", args=[appropriation.pk])
    grow(2)
    _count(client, url)  # warm the content-type cache
    few = _count(client, url)
    grow(18)
    assert _count(client, url) == few
