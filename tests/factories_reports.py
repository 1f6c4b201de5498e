"""Factories for budgets money and reports objects, and the crafted plan data set."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from tests.factories import (
    ActivityTypeFactory,
    DitFactory,
    FacilityFactory,
    FundSourceFactory,
    ProposalFactory,
)
from tests.factories_budget import (
    AllocationFactory,
    AppropriationFactory,
    DisbursementFactory,
    SettlementFactory,
)

YEAR = 2027
M = 1_000_000


class PlanDeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.PlanDeadline"

    year = YEAR
    name = "UBND xã, phường gửi danh sách đề án"
    date = dt.date(2026, 10, 15)
    reminder_days_before = 5


class GeneratedDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.GeneratedDocument"

    owner = factory.SubFactory(DitFactory)
    kind = "results"
    params = factory.LazyFunction(lambda: {"year": YEAR})
    format = "pdf"
    title = "Báo cáo kết quả thực hiện năm 2027"
    status = "queued"


def plan_dataset(world: Any) -> dict[str, Any]:
    """A small plan year whose figures are computed by hand in the tests.

    l1 (Long Hồ): P1 approved and P2 settled (A1, provincial fund, one facility), P3 submitted
    (A2), P4 a draft (never counted). l2 (Mang Thít): P5 rejected (A1, national fund), P6 in
    progress (A2, national). P7 belongs to another year.
    """
    l1 = world.l1
    provincial = FundSourceFactory(code="provincial", name="Kinh phí khuyến công địa phương")
    national = FundSourceFactory(code="national", name="Kinh phí khuyến công quốc gia")
    a1 = ActivityTypeFactory(code="machinery", name="Ứng dụng máy móc thiết bị tiên tiến")
    a2 = ActivityTypeFactory(code="brand", name="Xây dựng thương hiệu, đổi mới sản phẩm")
    fa = world.users["facility"].facility
    fb = world.users["facility_other"].facility
    fc = FacilityFactory(locality=l1, name="Cơ sở gốm Đỗ Hữu")

    def proposal(facility: Any, state: str, activity: Any, fund: Any, **extra: Any) -> Any:
        return ProposalFactory(
            facility=facility,
            state=state,
            activity_type=activity,
            fund_source=fund,
            plan_year=YEAR,
            **extra,
        )

    p1 = proposal(
        fa,
        "approved",
        a1,
        provincial,
        requested_support=300 * M,
        recommended_amount=280 * M,
        approved_amount=250 * M,
        jobs_created=5,
        decision_number="15/QĐ-SCT",
        decision_date=dt.date(2027, 2, 6),
        title="Máy sấy bánh tráng bằng năng lượng mặt trời",
    )
    p2 = proposal(
        fa,
        "settled",
        a1,
        provincial,
        requested_support=200 * M,
        recommended_amount=200 * M,
        approved_amount=200 * M,
        jobs_created=3,
        decision_number="15/QĐ-SCT",
        decision_date=dt.date(2027, 2, 6),
        title="Dây chuyền đóng gói mứt trái cây",
    )
    p3 = proposal(fc, "submitted", a2, provincial, requested_support=150 * M)
    p4 = proposal(fc, "draft", a1, provincial, requested_support=999 * M)
    p5 = proposal(fb, "rejected", a1, national, requested_support=100 * M)
    p6 = proposal(
        fb,
        "in_progress",
        a2,
        national,
        requested_support=400 * M,
        recommended_amount=350 * M,
        approved_amount=300 * M,
        jobs_created=10,
        decision_number="16/QĐ-SCT",
        decision_date=dt.date(2027, 2, 20),
        title="Thiết kế nhãn hiệu gốm đỏ xuất khẩu",
    )
    p7 = ProposalFactory(
        facility=fa,
        state="approved",
        activity_type=a1,
        fund_source=provincial,
        plan_year=2026,
        requested_support=77 * M,
        approved_amount=77 * M,
    )

    dit = world.users["dit"]
    ap1 = AppropriationFactory(
        fund_source=provincial, amount=1_000 * M, decision_date=dt.date(2026, 12, 10)
    )
    from budgets.models import AppropriationAdjustment

    AppropriationAdjustment.objects.create(
        appropriation=ap1,
        delta=-100 * M,
        reason="Điều chỉnh giảm",
        decision_number="20/QĐ",
        decision_date=dt.date(2027, 6, 1),
        created_by=dit,
    )
    ap2 = AppropriationFactory(
        fund_source=national, amount=500 * M, decision_date=dt.date(2026, 12, 10)
    )
    al1 = AllocationFactory(appropriation=ap1, proposal=p1, amount=250 * M, proposed_by=dit)
    al2 = AllocationFactory(
        appropriation=ap1, proposal=p2, amount=200 * M, released=20 * M, proposed_by=dit
    )
    AllocationFactory(
        appropriation=ap2, proposal=p6, amount=300 * M, status="proposed", proposed_by=dit
    )
    AllocationFactory(
        appropriation=ap2, proposal=p6, amount=50 * M, status="refused", proposed_by=dit
    )
    DisbursementFactory(allocation=al1, amount=100 * M, kind="advance", recorded_by=dit)
    DisbursementFactory(
        allocation=al1, amount=50 * M, kind="payment", status="proposed", recorded_by=dit
    )
    DisbursementFactory(allocation=al2, amount=180 * M, kind="payment", recorded_by=dit)
    SettlementFactory(proposal=p2, amount=180 * M, returned=20 * M, settled_by=dit)
    return {
        "provincial": provincial,
        "national": national,
        "a1": a1,
        "a2": a2,
        "p1": p1,
        "p2": p2,
        "p3": p3,
        "p4": p4,
        "p5": p5,
        "p6": p6,
        "p7": p7,
        "fc": fc,
    }
