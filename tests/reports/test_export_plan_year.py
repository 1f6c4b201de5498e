from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from khuyencong import audit
from tests.factories import CostLineFactory, ProposalFactory
from tests.factories_budget import AllocationFactory, DisbursementFactory

pytestmark = pytest.mark.django_db


def _read(path, name: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(path) as archive:
        text = archive.read(f"{name}.csv").decode("utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_it_exports_one_csv_per_table_with_only_that_years_rows(tmp_path, world):
    allocation = AllocationFactory(proposal__title='=cmd|" /C calc"!A0 Xưởng mộc')
    proposal = allocation.proposal
    CostLineFactory(proposal=proposal)
    DisbursementFactory(allocation=allocation, amount=50_000_000)
    other = ProposalFactory(plan_year=2031)
    audit.record(actor=world.users["dit"], action="proposal.approve", obj=proposal)
    audit.record(actor=world.users["dit"], action="allocation.confirm", obj=allocation)
    audit.record(actor=world.users["dit"], action="proposal.approve", obj=other)
    path = tmp_path / "plan.zip"

    call_command("export_plan_year", year=proposal.plan_year, output=str(path))

    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == sorted(
            f"{n}.csv"
            for n in (
                "proposals",
                "cost_lines",
                "allocations",
                "disbursements",
                "settlements",
                "audit",
            )
        )
    proposals = _read(path, "proposals")
    assert [row["id"] for row in proposals] == [str(proposal.pk)]
    assert proposals[0]["title"].startswith("'=cmd")  # a formula is neutralised
    assert "Xưởng mộc" in proposals[0]["title"]
    assert len(_read(path, "cost_lines")) == proposal.lines.count()
    assert [row["amount"] for row in _read(path, "allocations")] == [str(allocation.amount)]
    assert [row["amount"] for row in _read(path, "disbursements")] == ["50000000"]
    assert _read(path, "settlements") == []
    assert sorted(row["action"] for row in _read(path, "audit")) == [
        "allocation.confirm",
        "proposal.approve",
    ]


def test_it_refuses_a_bad_year_or_folder(tmp_path):
    with pytest.raises(CommandError):
        call_command("export_plan_year", year=1900, output=str(tmp_path / "x.zip"))
    with pytest.raises(CommandError):
        call_command("export_plan_year", year=2026, output=str(tmp_path / "no" / "x.zip"))
