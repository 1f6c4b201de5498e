"""The one factory of each budget model (appropriations, allocations, disbursements,
settlements); the other factory modules import them from here.

Defaults follow the real workflow: Finance enters the appropriation, the DIT proposes the
allocation and records the disbursement, Finance confirms both and settles."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from budgets.models import Allocation, Appropriation, Confirmation, Disbursement, Settlement
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
    confirmed_by = factory.Maybe(
        factory.LazyAttribute(lambda o: o.status != Confirmation.PROPOSED),
        yes_declaration=factory.SubFactory(FinanceFactory),
        no_declaration=None,
    )
    confirmed_at = factory.Maybe(
        factory.LazyAttribute(lambda o: o.status != Confirmation.PROPOSED),
        yes_declaration=factory.LazyFunction(timezone.now),
        no_declaration=None,
    )


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
    confirmed_by = factory.Maybe(
        factory.LazyAttribute(lambda o: o.status != Confirmation.PROPOSED),
        yes_declaration=factory.SubFactory(FinanceFactory),
        no_declaration=None,
    )
    confirmed_at = factory.Maybe(
        factory.LazyAttribute(lambda o: o.status != Confirmation.PROPOSED),
        yes_declaration=factory.LazyFunction(timezone.now),
        no_declaration=None,
    )


class SettlementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Settlement

    proposal = factory.SubFactory(ProposalFactory, state="settled")
    amount = 10_000_000
    settled_by = factory.SubFactory(FinanceFactory)
