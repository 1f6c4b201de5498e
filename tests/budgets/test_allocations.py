import datetime as dt

import pytest

from budgets.models import Allocation, Confirmation
from budgets.services import (
    allocation_confirm,
    allocation_propose,
    allocation_refuse,
    appropriation_adjust,
)
from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog, Notification
from tests.factories_budget import AllocationFactory, AppropriationFactory, ApprovedProposalFactory


def test_it_proposes_an_allocation_and_tells_finance(dit, finance, appropriation, proposal):
    allocation = allocation_propose(
        appropriation=appropriation, proposal=proposal, amount=200_000_000, actor=dit
    )
    assert allocation.status == Confirmation.PROPOSED
    row = AuditLog.objects.for_object(allocation).get(action="allocation.propose")
    assert row.after["amount"] == 200_000_000 and row.after["status"] == "proposed"
    assert Notification.objects.filter(recipient=finance).exists()


def test_it_refuses_more_than_the_remaining_appropriation(dit, appropriation):
    AllocationFactory(appropriation=appropriation, amount=750_000_000)
    proposal = ApprovedProposalFactory(
        plan_year=2027, fund_source=appropriation.fund_source, approved_amount=900_000_000
    )
    with pytest.raises(ServiceError, match="Vượt dự toán còn lại") as exc:
        allocation_propose(
            appropriation=appropriation, proposal=proposal, amount=400_000_000, actor=dit
        )
    assert exc.value.message == (
        "Vượt dự toán còn lại: đề nghị 400.000.000 đ, còn lại 250.000.000 đ."
    )
    assert Allocation.objects.filter(proposal=proposal).count() == 0


def test_adjustments_count_in_the_remaining_appropriation(dit, finance, appropriation, proposal):
    AllocationFactory(appropriation=appropriation, amount=900_000_000)
    with pytest.raises(ServiceError, match="còn lại 100.000.000 đ"):
        allocation_propose(
            appropriation=appropriation, proposal=proposal, amount=200_000_000, actor=dit
        )
    appropriation_adjust(
        appropriation=appropriation,
        delta=100_000_000,
        reason="Bổ sung",
        decision_number="9/QĐ",
        decision_date=dt.date(2027, 6, 1),
        actor=finance,
    )
    allocation_propose(
        appropriation=appropriation, proposal=proposal, amount=200_000_000, actor=dit
    )


def test_refused_and_released_allocations_free_the_appropriation(dit, appropriation, proposal):
    AllocationFactory(appropriation=appropriation, amount=500_000_000, status="refused")
    AllocationFactory(appropriation=appropriation, amount=600_000_000, released=200_000_000)
    # 1.000 - (600 - 200) = 600 left
    allocation = allocation_propose(
        appropriation=appropriation, proposal=proposal, amount=300_000_000, actor=dit
    )
    assert (allocation.amount, allocation.status) == (300_000_000, Confirmation.PROPOSED)
    # 300 left after it: one đồng more is refused with the figure.
    other = ApprovedProposalFactory(
        plan_year=appropriation.plan_year,
        fund_source=appropriation.fund_source,
        approved_amount=900_000_000,
    )
    with pytest.raises(ServiceError, match="còn lại 300.000.000 đ"):
        allocation_propose(
            appropriation=appropriation, proposal=other, amount=300_000_001, actor=dit
        )


def test_it_refuses_more_than_the_approved_support(dit, appropriation, proposal):
    allocation_propose(
        appropriation=appropriation, proposal=proposal, amount=200_000_000, actor=dit
    )
    with pytest.raises(ServiceError, match="Vượt kinh phí được phê duyệt") as exc:
        allocation_propose(
            appropriation=appropriation, proposal=proposal, amount=150_000_000, actor=dit
        )
    assert (
        "Vượt kinh phí được phê duyệt: đề nghị 150.000.000 đ, còn được phân bổ 100.000.000 đ"
        in (exc.value.message)
    )
    assert Allocation.objects.filter(proposal=proposal).count() == 1


def test_it_refuses_a_proposal_that_is_not_approved(dit, appropriation):
    proposal = ApprovedProposalFactory(
        state="appraised", plan_year=2027, fund_source=appropriation.fund_source
    )
    with pytest.raises(ServiceError, match="trạng thái"):
        allocation_propose(appropriation=appropriation, proposal=proposal, amount=1, actor=dit)
    assert not Allocation.objects.exists()


def test_it_refuses_an_appropriation_of_another_year(dit, proposal):
    other = AppropriationFactory(plan_year=2028, fund_source=proposal.fund_source)
    with pytest.raises(ServiceError, match="không cùng năm"):
        allocation_propose(appropriation=other, proposal=proposal, amount=1, actor=dit)


def test_finance_confirms_or_refuses_with_a_reason(dit, finance, appropriation, proposal):
    first = allocation_propose(
        appropriation=appropriation, proposal=proposal, amount=100_000_000, actor=dit
    )
    second = allocation_propose(
        appropriation=appropriation, proposal=proposal, amount=100_000_000, actor=dit
    )
    allocation_confirm(allocation=first, actor=finance)
    with pytest.raises(ServiceError, match="lý do"):
        allocation_refuse(allocation=second, actor=finance, reason="")
    allocation_refuse(allocation=second, actor=finance, reason="Chưa đủ hồ sơ")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("confirmed", "refused")
    assert second.refusal_reason == "Chưa đủ hồ sơ"
    row = AuditLog.objects.for_object(second).get(action="allocation.refuse")
    assert row.before["status"] == "proposed" and row.after["status"] == "refused"
    with pytest.raises(ServiceError, match="đã được xử lý"):
        allocation_confirm(allocation=second, actor=finance)


def test_a_proposed_allocation_waiting_for_finance_occupies_the_appropriation(
    dit, finance, appropriation, proposal
):
    # The DIT proposed 800 M for another proposal; Finance has not decided yet. The 800 M are
    # taken until Finance refuses them: counting only confirmed allocations would let the
    # appropriation be promised twice (issue 19: sequential, on SQLite, no thread race needed).
    pending = AllocationFactory(
        appropriation=appropriation, amount=800_000_000, status=Confirmation.PROPOSED
    )
    assert pending.confirmed_by is None
    with pytest.raises(ServiceError, match=r"^Vượt dự toán còn lại: .*còn lại 200\.000\.000 đ\.$"):
        allocation_propose(
            appropriation=appropriation, proposal=proposal, amount=200_000_001, actor=dit
        )
    allocation_refuse(allocation=pending, actor=finance, reason="Đề án khác ưu tiên")
    allocation = allocation_propose(
        appropriation=appropriation, proposal=proposal, amount=300_000_000, actor=dit
    )
    assert allocation.amount == 300_000_000


def test_a_proposed_allocation_counts_against_the_approved_support(dit, appropriation, proposal):
    AllocationFactory(
        appropriation=appropriation,
        proposal=proposal,
        amount=250_000_000,
        status=Confirmation.PROPOSED,
    )
    with pytest.raises(ServiceError, match=r"còn được phân bổ 50\.000\.000 đ"):
        allocation_propose(
            appropriation=appropriation, proposal=proposal, amount=50_000_001, actor=dit
        )
    allocation_propose(appropriation=appropriation, proposal=proposal, amount=50_000_000, actor=dit)
    assert Allocation.objects.filter(proposal=proposal).counting().net_total() == 300_000_000
