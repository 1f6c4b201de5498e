"""The money checks at their exact boundaries and with their whole messages (issue 19, item 2).

Each test here was written against a mutant of the budget-invariant group that the other
budget tests let live (`make mutation GROUPS=budget-invariants`): a limit moved by one đồng
(`<` for `<=`), a message that names the wrong figure, an audit row or a notification missing
what it must say. Every expected value is typed by hand.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse

from budgets.models import Allocation, AppropriationAdjustment, Confirmation
from budgets.services import allocation_propose, appropriation_adjust
from budgets.services.common import positive_amount
from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog, Notification
from tests.factories_budget import AllocationFactory, AppropriationFactory, ApprovedProposalFactory


@pytest.fixture
def appropriation(finance):
    # 1.000.000.000 đ of the provincial fund for 2027 ("Kinh phí khuyến công địa phương").
    return AppropriationFactory(
        amount=1_000_000_000, decision_number="12/QĐ-UBND", created_by=finance
    )


def _exactly(message):
    return "^" + re.escape(message) + "$"


# --- positive_amount: every amount the DIT or Finance types ---------------------------------


def test_an_amount_is_a_positive_whole_number_of_dong():
    assert positive_amount(1) == 1
    assert positive_amount(1_000_000_000_000_000) == 1_000_000_000_000_000
    for zero_or_less in (0, -1):
        with pytest.raises(ServiceError, match=_exactly("Số tiền phải lớn hơn 0.")):
            positive_amount(zero_or_less)
    # True is an int to Python, 1.5 and "5" are not amounts: none is a number of đồng.
    for not_dong in (True, 1.5, "5"):
        with pytest.raises(ServiceError, match=_exactly("Số tiền phải là số nguyên đồng.")):
            positive_amount(not_dong)


# --- appropriation_adjust: never below what is allocated, never to zero ----------------------


def _adjust(appropriation, finance, delta, reason="Điều chỉnh", number="9/QĐ-UBND"):
    return appropriation_adjust(
        appropriation=appropriation,
        delta=delta,
        reason=reason,
        decision_number=number,
        decision_date=dt.date(2027, 6, 1),
        actor=finance,
    )


def test_a_decrease_may_bring_the_appropriation_down_to_exactly_what_is_allocated(
    finance, appropriation
):
    AllocationFactory(appropriation=appropriation, amount=600_000_000)
    with pytest.raises(
        ServiceError,
        match=_exactly(
            "Dự toán sau điều chỉnh thấp hơn số đã phân bổ: sau điều chỉnh 599.999.999 đ, "
            "đã phân bổ 600.000.000 đ."
        ),
    ):
        _adjust(appropriation, finance, -400_000_001)
    _adjust(appropriation, finance, -400_000_000)
    assert AppropriationAdjustment.objects.get().delta == -400_000_000


def test_an_appropriation_may_not_be_adjusted_to_nothing_but_to_one_dong(finance, appropriation):
    with pytest.raises(
        ServiceError,
        match=_exactly(
            "Dự toán sau điều chỉnh phải lớn hơn 0: hiện có 1.000.000.000 đ, giảm 1.000.000.000 đ."
        ),
    ):
        _adjust(appropriation, finance, -1_000_000_000)
    assert not AppropriationAdjustment.objects.exists()
    _adjust(appropriation, finance, -999_999_999)
    assert AppropriationAdjustment.objects.get().delta == -999_999_999


def test_an_adjustment_keeps_its_decision_and_is_audited_with_both_figures(finance, appropriation):
    adjustment = _adjust(
        appropriation, finance, 250_000_000, reason="  Bổ sung giữa năm  ", number=" 31/QĐ-UBND "
    )
    adjustment.refresh_from_db()
    assert (adjustment.reason, adjustment.decision_number) == ("Bổ sung giữa năm", "31/QĐ-UBND")
    row = AuditLog.objects.get(action="appropriation.adjust")
    assert row.actor == finance
    assert (row.object_id, row.object_repr) == (
        str(appropriation.pk),
        "2027 · Kinh phí khuyến công địa phương · 12/QĐ-UBND",
    )
    assert row.before == {"effective": 1_000_000_000}
    assert row.after == {
        "effective": 1_250_000_000,
        "delta": 250_000_000,
        "decision_number": "31/QĐ-UBND",
    }
    assert row.note == "Bổ sung giữa năm"


# --- allocation_propose: approved support and appropriation, to the đồng ----------------------


def _proposal(appropriation, **kwargs):
    defaults = {
        "plan_year": appropriation.plan_year,
        "fund_source": appropriation.fund_source,
        "approved_amount": 300_000_000,
    }
    return ApprovedProposalFactory(**(defaults | kwargs))


def test_a_proposal_that_is_not_approved_is_named_with_its_state(dit, appropriation):
    proposal = _proposal(appropriation, state="appraised")
    with pytest.raises(
        ServiceError,
        match=_exactly(
            "Không thể phân bổ cho đề án đang ở trạng thái “Đã thẩm định, chờ phê duyệt”."
        ),
    ):
        allocation_propose(appropriation=appropriation, proposal=proposal, amount=1, actor=dit)


def test_an_appropriation_of_another_fund_is_named_in_the_refusal(dit, appropriation):
    proposal = _proposal(appropriation)
    other = AppropriationFactory(
        plan_year=2027,
        fund_source__code="national",
        fund_source__name="Kinh phí khuyến công quốc gia",
        decision_number="7/QĐ-BCT",
    )
    with pytest.raises(
        ServiceError,
        match=_exactly(
            "Dự toán 2027 · Kinh phí khuyến công quốc gia · 7/QĐ-BCT không cùng năm kế hoạch và "
            "nguồn kinh phí với đề án (năm 2027)."
        ),
    ):
        allocation_propose(appropriation=other, proposal=proposal, amount=1, actor=dit)
    assert not Allocation.objects.exists()


def test_a_proposal_without_an_approved_amount_gets_nothing(dit, appropriation):
    proposal = _proposal(appropriation, approved_amount=None)
    with pytest.raises(
        ServiceError,
        match=_exactly(
            "Vượt kinh phí được phê duyệt: đề nghị 1 đ, còn được phân bổ 0 đ "
            "(phê duyệt 0 đ, đã phân bổ 0 đ)."
        ),
    ):
        allocation_propose(appropriation=appropriation, proposal=proposal, amount=1, actor=dit)
    assert not Allocation.objects.exists()


def test_a_fully_allocated_proposal_is_refused_with_every_figure(dit, appropriation):
    proposal = _proposal(appropriation)
    AllocationFactory(appropriation=appropriation, proposal=proposal, amount=200_000_000)
    AllocationFactory(
        appropriation=appropriation,
        proposal=proposal,
        amount=100_000_000,
        status=Confirmation.PROPOSED,
    )
    with pytest.raises(
        ServiceError,
        match=_exactly(
            "Vượt kinh phí được phê duyệt: đề nghị 1 đ, còn được phân bổ 0 đ "
            "(phê duyệt 300.000.000 đ, đã phân bổ 300.000.000 đ)."
        ),
    ):
        allocation_propose(appropriation=appropriation, proposal=proposal, amount=1, actor=dit)


def test_a_fully_used_appropriation_shows_nothing_left(dit, appropriation):
    AllocationFactory(appropriation=appropriation, amount=1_000_000_000)
    proposal = _proposal(appropriation)
    with pytest.raises(
        ServiceError,
        match=_exactly("Vượt dự toán còn lại: đề nghị 1 đ, còn lại 0 đ."),
    ):
        allocation_propose(appropriation=appropriation, proposal=proposal, amount=1, actor=dit)


def test_the_last_dong_of_an_appropriation_may_be_allocated(dit, appropriation):
    AllocationFactory(appropriation=appropriation, amount=700_000_000)
    allocation = allocation_propose(
        appropriation=appropriation,
        proposal=_proposal(appropriation),
        amount=300_000_000,
        actor=dit,
    )
    assert (allocation.amount, allocation.status) == (300_000_000, Confirmation.PROPOSED)


def test_a_proposed_allocation_is_audited_and_finance_is_told_what_to_confirm(
    dit, finance, appropriation
):
    proposal = _proposal(appropriation, code="KC-2027-0042")
    allocation = allocation_propose(
        appropriation=appropriation, proposal=proposal, amount=200_000_000, actor=dit
    )
    row = AuditLog.objects.for_object(allocation).get(action="allocation.propose")
    assert row.actor == dit
    notification = Notification.objects.get(recipient=finance)
    assert notification.subject == "Phân bổ chờ xác nhận: KC-2027-0042"
    assert notification.body == (
        "Sở Công Thương đề xuất phân bổ 200.000.000 đ từ dự toán "
        "2027 · Kinh phí khuyến công địa phương · 12/QĐ-UBND."
    )
    assert notification.url == reverse("budgets:allocation_review", args=[allocation.pk])
    assert notification.url == f"/budget/allocations/{allocation.pk}/"
