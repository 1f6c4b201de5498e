"""The money side of the funded proposals: allocations, disbursements, acceptances, settlements."""

from __future__ import annotations

import datetime as dt
from typing import Any

from budgets.models import Allocation, Confirmation, Disbursement, Settlement
from khuyencong.seed.scale.base import SeederBase
from khuyencong.seed.scale.tables import (
    DONE,
    STARTED,
)
from proposals.models import (
    Acceptance,
    Proposal,
    State,
)


class MoneyRows(SeederBase):
    def _money(self, proposals: list[Proposal]) -> list[Any]:
        """The money rows of ``proposals``: allocations, disbursements and settlements, for
        the audit rows that follow."""
        rng = self.rng
        allocations = []
        for p in proposals:
            if not p.approved_amount:
                continue
            released = p.approved_amount // 2 if p.state == State.CANCELLED else 0
            allocations.append(
                Allocation(
                    appropriation=self.appropriation[(p.plan_year, p.fund_source_id)],
                    proposal=p,
                    amount=p.approved_amount,
                    released=released,
                    status=Confirmation.CONFIRMED
                    if p.state != State.APPROVED or rng.random() < 0.5
                    else Confirmation.PROPOSED,
                    proposed_by=self.dit,
                    confirmed_by=self.finance,
                    confirmed_at=p.state_changed_at,
                )
            )
            key = (p.plan_year, p.fund_source_id)
            self.allocated[key] += p.approved_amount - released
        self._bulk(Allocation, allocations)
        disbursements, settlements, acceptances = [], [], []
        for allocation in allocations:
            p = allocation.proposal
            if p.state not in STARTED:
                continue
            advance = allocation.amount * 3 // 10
            disbursements.append(self._disbursement(allocation, Disbursement.Kind.ADVANCE, advance))
            if p.state in DONE:
                acceptances.append(
                    Acceptance(
                        proposal=p,
                        accepted_on=dt.date(p.plan_year, 12, 10),
                        members="Đại diện Sở Công Thương, UBND xã, cơ sở.",
                        result=Acceptance.Result.PASS,
                        accepted_cost=p.accepted_cost,
                        accepted_support=p.accepted_support,
                        jobs_achieved=p.jobs_created,
                        recorded_by=self.dit,
                    )
                )
            if p.state == State.SETTLED:
                rest = allocation.amount - advance
                disbursements.append(
                    self._disbursement(allocation, Disbursement.Kind.PAYMENT, rest)
                )
                settlements.append(
                    Settlement(proposal=p, amount=allocation.amount, settled_by=self.finance)
                )
        self._bulk(Disbursement, disbursements)
        self._bulk(Acceptance, acceptances)
        self._bulk(Settlement, settlements)
        return [*allocations, *disbursements, *settlements]

    def _disbursement(self, allocation: Allocation, kind: str, amount: int) -> Disbursement:
        p = allocation.proposal
        return Disbursement(
            allocation=allocation,
            kind=kind,
            amount=amount,
            voucher_number=f"{kind[:2].upper()}-{p.code}",
            voucher_date=dt.date(p.plan_year, 6 if kind == Disbursement.Kind.ADVANCE else 12, 15),
            status=Confirmation.CONFIRMED,
            recorded_by=self.dit,
            confirmed_by=self.finance,
            confirmed_at=p.state_changed_at,
        )
