"""The reconciliation's "waiting too long" list: allocations and payments of the year still
unconfirmed after RECONCILE_STALE_DAYS, oldest first, both kinds from one query."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.models import Allocation, Disbursement
from budgets.selectors import stale_items
from tests.factories import FundSourceFactory
from tests.factories_budget import AllocationFactory, AppropriationFactory, DisbursementFactory


def aged(model, pk: int, field: str, day: int) -> None:
    model.objects.filter(pk=pk).update(**{field: dt.datetime(2026, 10, day, 8, tzinfo=dt.UTC)})


def test_both_kinds_oldest_first_within_the_year_and_fund(db, settings):
    settings.RECONCILE_STALE_DAYS = 10
    fund = FundSourceFactory()
    appropriation = AppropriationFactory(plan_year=2027, fund_source=fund, amount=10**10)
    confirmed = AllocationFactory(appropriation=appropriation, proposal__code="KC-2027-0001")
    waiting = AllocationFactory(
        appropriation=appropriation,
        proposal__code="KC-2027-0002",
        status="proposed",
        amount=7_000_000,
    )
    advance = DisbursementFactory(
        allocation=confirmed, kind="advance", status="proposed", voucher_number="UNC-7",
        amount=3_000_000,
    )  # fmt: skip
    recovery = DisbursementFactory(
        allocation=confirmed, kind="recovery", status="proposed", voucher_number="THU-1",
        amount=1_000_000,
    )  # fmt: skip
    aged(Allocation, waiting.pk, "proposed_at", 5)
    aged(Disbursement, advance.pk, "recorded_at", 2)
    aged(Disbursement, recovery.pk, "recorded_at", 9)
    # Not listed: confirmed, another year, another fund.
    aged(Allocation, confirmed.pk, "proposed_at", 1)
    other_year = AllocationFactory(status="proposed", appropriation__plan_year=2026)
    aged(Allocation, other_year.pk, "proposed_at", 1)
    other_fund = AllocationFactory(
        status="proposed",
        appropriation__plan_year=2027,
        appropriation__fund_source=FundSourceFactory(code="national", name="Khuyến công quốc gia"),
    )
    aged(Allocation, other_fund.pk, "proposed_at", 1)

    rows = stale_items(2027, fund, limit=10)
    assert [(r["kind"], r["code"], r["amount"], r["voucher"], r["label"]) for r in rows] == [
        ("disbursement", "KC-2027-0001", 3_000_000, "UNC-7", "Tạm ứng"),
        ("allocation", "KC-2027-0002", 7_000_000, "", ""),
        ("disbursement", "KC-2027-0001", 1_000_000, "THU-1", "Thu hồi tạm ứng"),
    ]
    assert [r["kind"] for r in stale_items(2027, fund, limit=2)] == ["disbursement", "allocation"]
    assert len(stale_items(2027, None, limit=10)) == 4  # the other fund's allocation too
    with CaptureQueriesContext(connection) as queries:
        stale_items(2027, None, limit=10)
    assert len(queries) == 1


def test_the_page_links_each_item_to_its_review(client, world, settings):
    settings.RECONCILE_STALE_DAYS = 10
    allocation = AllocationFactory(status="proposed", proposal__code="KC-2027-0003")
    aged(Allocation, allocation.pk, "proposed_at", 3)
    payment = DisbursementFactory(
        allocation=AllocationFactory(appropriation=allocation.appropriation),
        status="proposed",
        voucher_number="UNC-9",
    )
    aged(Disbursement, payment.pk, "recorded_at", 4)
    client.force_login(world.users["finance"])
    html = client.get(reverse("budgets:reconciliation"), {"year": 2027}).content.decode()
    stale = html.split('id="stale"')[1].split("</ul>")[0]
    assert reverse("budgets:allocation_review", args=[allocation.pk]) in stale
    assert reverse("budgets:disbursement_review", args=[payment.pk]) in stale
    assert "Phân bổ KC-2027-0003" in stale and "Thanh toán" in stale and "UNC-9" in stale
    assert stale.index("KC-2027-0003") < stale.index("UNC-9")  # 3 October before 4 October
