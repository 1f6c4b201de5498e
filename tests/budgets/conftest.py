import pytest

from tests.factories import DitFactory, FinanceFactory
from tests.factories_budget import AppropriationFactory, ApprovedProposalFactory


@pytest.fixture
def dit(db):
    return DitFactory(username="dit-budget")


@pytest.fixture
def finance(db):
    return FinanceFactory(username="finance-budget")


@pytest.fixture
def appropriation(finance):
    return AppropriationFactory(amount=1_000_000_000, created_by=finance)


@pytest.fixture
def proposal(appropriation):
    return ApprovedProposalFactory(
        plan_year=appropriation.plan_year,
        fund_source=appropriation.fund_source,
        approved_amount=300_000_000,
    )


@pytest.fixture(autouse=True)
def _in_plan_year_2027(budget_day):
    """Every budget test records its vouchers in the 2027 budget year."""
