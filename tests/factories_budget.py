"""Factories for the budget app (appropriations, allocations, disbursements)."""

from __future__ import annotations

import datetime as dt

import factory

from budgets.models import Allocation, Appropriation, Confirmation, Disbursement
from tests.factories import DitFactory, FinanceFactory, FundSourceFactory, ProposalFactory


class AppropriationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appropriation

    plan_year = 2027
    fund_source = factory.SubFactory(FundSourceFactory)
    amount = 1_000_000_000
    decision_number = factory.Sequence(lambda n: f"{n + 1}/QĐ-UBND")
    decision_date = dt.date(2027, 1, 5)
    created_by = factory.SubFactory(FinanceFactory)


class ApprovedProposalFactory(ProposalFactory):
    state = "approved"
    approved_amount = 300_000_000


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    appropriation = factory.SubFactory(AppropriationFactory)
    proposal = factory.SubFactory(
        ApprovedProposalFactory,
        plan_year=factory.SelfAttribute("..appropriation.plan_year"),
        fund_source=factory.SelfAttribute("..appropriation.fund_source"),
    )
    amount = 300_000_000
    status = Confirmation.CONFIRMED
    proposed_by = factory.SubFactory(DitFactory)


class DisbursementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disbursement

    allocation = factory.SubFactory(AllocationFactory)
    kind = Disbursement.Kind.PAYMENT
    amount = 100_000_000
    voucher_number = factory.Sequence(lambda n: f"UNC-{n + 1:04d}")
    voucher_date = dt.date(2027, 3, 1)
    status = Confirmation.CONFIRMED
    recorded_by = factory.SubFactory(DitFactory)
