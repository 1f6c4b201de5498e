"""Random sequences of money steps through the real services (issue 17, item 9; issue 19).

A hypothesis state machine allocates, confirms or refuses, advances, pays, confirms or refuses
payments, accepts, recovers, cancels and settles two proposals that share one appropriation,
on SQLite, and after every step checks what must always hold:
- paid ≤ allocated ≤ approved ≤ the rule's cap, for each proposal;
- allocated ≤ the appropriation;
- an accepted proposal can always reach settlement (tried, then rolled back).
A refusal (``ServiceError``) is a legal outcome of any step; a wrong figure or a dead end is not.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from budgets.models import Allocation, Appropriation, Confirmation, Disbursement
from budgets.services import (
    allocation_confirm,
    allocation_propose,
    allocation_refuse,
    disbursement_confirm,
    disbursement_record,
    disbursement_refuse,
    settlement_confirm,
)
from budgets.services.lifecycle import proposal_accept, proposal_cancel
from budgets.services.recovery import paid_figures, recovery_owed
from khuyencong.exceptions import ServiceError
from proposals.models import Acceptance, Proposal
from proposals.monitoring.services.lifecycle import AcceptanceInput
from tests.factories_budget import AppropriationFactory
from tests.factories_monitoring import approved_proposal, lines_of, pdf

APPROPRIATION = 500_000_000  # less than the two approvals together: its limit bites
APPROVED = 300_000_000
CAP = 300_000_000  # 50% of 800,000,000, at most 300,000,000 (TT 28/2018/TT-BTC Art. 8(4))
VOUCHER_DAY = dt.date(2027, 3, 2)
# Amounts in steps of 5,000,000 VND, so that limits are hit exactly as often as missed.
AMOUNTS = st.integers(min_value=1, max_value=60).map(lambda n: n * 5_000_000)
WHICH = st.sampled_from([0, 1])


def _try(step, *args, **kwargs):
    # ``event`` feeds --hypothesis-show-statistics: how often each step passed or was refused.
    try:
        result = step(*args, **kwargs)
    except ServiceError:
        event(f"{step.__name__}: refused")
        return None
    event(f"{step.__name__}: done")
    return result


class MoneyMachine(RuleBasedStateMachine):
    users: dict = {}

    def __init__(self) -> None:
        super().__init__()
        # Each example runs in a savepoint rolled back at teardown.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.vouchers = itertools.count(1)
        u = self.users
        self.appropriation: Appropriation = AppropriationFactory(
            amount=APPROPRIATION, created_by=u["finance"]
        )
        today = dt.date.today()
        self.proposals: list[Proposal] = [
            approved_proposal(
                u["facility"],
                approved_amount=APPROVED,
                allocation=None,
                state="in_progress",
                plan_year=self.appropriation.plan_year,
                fund_source=self.appropriation.fund_source,
                contract_number=f"HĐ-{n}",
                contract_date=today - dt.timedelta(days=30),
                today=today,
            )
            for n in (1, 2)
        ]

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _proposal(self, which: int) -> Proposal:
        return Proposal.objects.get(pk=self.proposals[which].pk)

    def _allocation(self, which: int, status: str) -> Allocation | None:
        return (
            Allocation.objects.filter(proposal_id=self.proposals[which].pk, status=status)
            .order_by("pk")
            .first()
        )

    def _record(self, which: int, kind: str, amount: int) -> None:
        allocation = self._allocation(which, Confirmation.CONFIRMED)
        if allocation is not None:
            _try(
                disbursement_record,
                allocation=allocation,
                kind=kind,
                amount=amount,
                voucher_number=f"CT-{next(self.vouchers)}",
                voucher_date=VOUCHER_DAY,
                actor=self.users["dit"],
            )

    # --- steps ---------------------------------------------------------------------------

    @rule(which=WHICH, amount=AMOUNTS)
    def allocate(self, which: int, amount: int) -> None:
        _try(
            allocation_propose,
            appropriation=self.appropriation,
            proposal=self._proposal(which),
            amount=amount,
            actor=self.users["dit"],
        )

    @rule(which=WHICH, confirm=st.booleans())
    def decide_allocation(self, which: int, confirm: bool) -> None:
        allocation = self._allocation(which, Confirmation.PROPOSED)
        if allocation is None:
            return
        if confirm:
            allocation_confirm(allocation=allocation, actor=self.users["finance"])
        else:
            allocation_refuse(allocation=allocation, actor=self.users["finance"], reason="Sai.")

    @rule(which=WHICH, amount=AMOUNTS)
    def advance(self, which: int, amount: int) -> None:
        self._record(which, Disbursement.Kind.ADVANCE, amount)

    @rule(which=WHICH, amount=AMOUNTS)
    def pay(self, which: int, amount: int) -> None:
        self._record(which, Disbursement.Kind.PAYMENT, amount)

    @rule(which=WHICH, amount=AMOUNTS)
    def recover(self, which: int, amount: int) -> None:
        self._record(which, Disbursement.Kind.RECOVERY, amount)

    @rule(which=WHICH, confirm=st.booleans())
    def decide_disbursement(self, which: int, confirm: bool) -> None:
        pending = (
            Disbursement.objects.filter(allocation__proposal_id=self.proposals[which].pk)
            .pending()
            .order_by("pk")
            .first()
        )
        if pending is None:
            return
        if confirm:
            disbursement_confirm(disbursement=pending, actor=self.users["finance"])
        else:
            disbursement_refuse(disbursement=pending, actor=self.users["finance"], reason="Sai.")

    @rule(which=WHICH, support=st.integers(min_value=0, max_value=60).map(lambda n: n * 5_000_000))
    def accept(self, which: int, support: int) -> None:
        proposal = self._proposal(which)
        first, second = lines_of(proposal)
        _try(
            proposal_accept,
            proposal=proposal,
            actor=self.users["dit"],
            data=AcceptanceInput(
                accepted_on=dt.date.today(),
                members="Sở Công Thương, cơ sở",
                result=Acceptance.Result.PASS,
                line_amounts={first.pk: first.amount, second.pk: second.amount},
                accepted_support=support,
            ),
            minutes=[(pdf(), "application/pdf")],
        )

    @rule(which=WHICH)
    def cancel(self, which: int) -> None:
        _try(
            proposal_cancel,
            proposal=self._proposal(which),
            actor=self.users["leader"],
            reason="Cơ sở ngừng sản xuất.",
        )

    @rule(which=WHICH, amount=st.integers(min_value=0, max_value=60).map(lambda n: n * 5_000_000))
    def settle(self, which: int, amount: int) -> None:
        _try(
            settlement_confirm,
            proposal=self._proposal(which),
            amount=amount,
            actor=self.users["finance"],
        )

    # --- what always holds ---------------------------------------------------------------

    @invariant()
    def paid_within_allocated_within_approved_within_cap(self) -> None:
        for proposal in Proposal.objects.filter(pk__in=[p.pk for p in self.proposals]):
            allocations = Allocation.objects.filter(proposal=proposal)
            allocated = allocations.confirmed().net_total()
            committed = allocations.counting().net_total()
            figures = paid_figures(proposal_id=proposal.pk)
            assert 0 <= figures.paid <= allocated, (proposal.state, figures, allocated)
            assert figures.paid_at_most <= committed
            assert allocated <= committed <= (proposal.approved_amount or 0) <= CAP
            if proposal.accepted_support is not None:
                # Once accepted, nothing is paid beyond the accepted support but what is owed.
                assert figures.paid <= proposal.accepted_support + recovery_owed(proposal)

    @invariant()
    def allocated_within_the_appropriation(self) -> None:
        committed = Allocation.objects.filter(appropriation=self.appropriation).counting()
        assert committed.net_total() <= APPROPRIATION

    @invariant()
    def every_accepted_proposal_can_reach_settlement(self) -> None:
        for proposal in Proposal.objects.filter(
            pk__in=[p.pk for p in self.proposals], state="accepted"
        ):
            with transaction.atomic():
                _drive_to_settlement(proposal, self.users, self.vouchers)
                event("an accepted proposal driven to settlement")
                assert Proposal.objects.get(pk=proposal.pk).state == "settled"
                transaction.set_rollback(True)


def _drive_to_settlement(proposal: Proposal, users: dict, vouchers: itertools.count) -> None:
    """What Finance and the DIT would do: decide what waits, recover what is owed, settle."""
    finance, dit = users["finance"], users["dit"]
    for allocation in Allocation.objects.filter(proposal=proposal).pending():
        allocation_refuse(allocation=allocation, actor=finance, reason="Không cần nữa.")
    for disbursement in Disbursement.objects.filter(allocation__proposal=proposal).pending():
        disbursement_refuse(disbursement=disbursement, actor=finance, reason="Không cần nữa.")
    owed = recovery_owed(Proposal.objects.get(pk=proposal.pk))
    for allocation in Allocation.objects.filter(proposal=proposal).confirmed():
        if owed <= 0:
            break
        held = paid_figures(allocation_id=allocation.pk).paid
        take = min(owed, held)
        if take > 0:
            recovery = disbursement_record(
                allocation=allocation,
                kind=Disbursement.Kind.RECOVERY,
                amount=take,
                voucher_number=f"TH-{next(vouchers)}",
                voucher_date=VOUCHER_DAY,
                actor=dit,
            )
            disbursement_confirm(disbursement=recovery, actor=finance)
            owed -= take
    paid = paid_figures(proposal_id=proposal.pk).paid
    settlement_confirm(proposal=Proposal.objects.get(pk=proposal.pk), amount=paid, actor=finance)


@pytest.mark.django_db
def test_money_has_no_dead_end_and_every_limit_holds(world):
    MoneyMachine.users = world.users
    run_state_machine_as_test(
        MoneyMachine,
        settings=settings(
            max_examples=30,
            stateful_step_count=20,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
