"""The annual-plan aggregation: right figures, in SQL, idempotent and atomic."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.models import PlanLine, PlanRun
from reports.selectors import latest_snapshot
from reports.services import plan as plan_service
from reports.services.plan import plan_aggregate, plan_rows
from reports.tasks import aggregate_annual_plan
from tests.factories import ProposalFactory
from tests.factories_reports import YEAR, M

ZEROS = dict.fromkeys(PlanLine.FIGURES, 0)


def cells(run: PlanRun) -> dict[tuple, dict[str, int]]:
    return {
        (line.locality.code, line.activity_type.code, line.fund_source.code): {
            name: getattr(line, name) for name in PlanLine.FIGURES
        }
        for line in run.lines.select_related("locality", "activity_type", "fund_source")
    }


def expected() -> dict[tuple, dict[str, int]]:
    """Computed by hand from ``plan_dataset`` (see its docstring)."""
    return {
        ("857", "machinery", "provincial"): {
            **ZEROS,
            "n_submitted": 2,
            "n_approved": 2,
            "n_accepted": 1,
            "n_settled": 1,
            "requested": 500 * M,
            "recommended": 480 * M,
            "approved": 450 * M,
            # 250 allocated + (200 - 20 released); the refused and other-year ones never count
            "allocated": 430 * M,
            # confirmed only: 100 + 180 (the 50 waiting for Finance is not disbursed yet)
            "disbursed": 280 * M,
            "settled": 180 * M,
            "jobs": 8,
            "facilities": 1,
        },
        ("857", "brand", "provincial"): {
            **ZEROS,
            "n_submitted": 1,
            "n_in_review": 1,
            "requested": 150 * M,
        },
        ("858", "machinery", "national"): {
            **ZEROS,
            "n_submitted": 1,
            "n_refused": 1,
            "requested": 100 * M,
        },
        ("858", "brand", "national"): {
            **ZEROS,
            "n_submitted": 1,
            "n_approved": 1,
            "n_in_progress": 1,
            "requested": 400 * M,
            "recommended": 350 * M,
            "approved": 300 * M,
            "allocated": 300 * M,
            "jobs": 10,
            "facilities": 1,
        },
    }


def test_the_snapshot_equals_the_hand_computed_figures(dataset):
    run = plan_aggregate(year=YEAR)
    assert run.status == PlanRun.Status.DONE
    assert run.finished_at is not None
    assert cells(run) == expected()


def _selects(captured: CaptureQueriesContext) -> int:
    return sum("SELECT" in q["sql"].upper() for q in captured.captured_queries)


def test_it_aggregates_in_one_statement_whatever_the_number_of_proposals(dataset):
    with CaptureQueriesContext(connection) as captured:
        few = plan_rows(YEAR)
    assert _selects(captured) == 1
    for _ in range(15):
        ProposalFactory(
            facility=dataset["p1"].facility,
            state="submitted",
            plan_year=YEAR,
            activity_type=dataset["a1"],
            fund_source=dataset["provincial"],
        )
    with CaptureQueriesContext(connection) as captured:
        many = plan_rows(YEAR)
    assert _selects(captured) == 1
    assert len(many) == len(few)


def test_running_twice_gives_the_same_lines(dataset):
    first = plan_aggregate(year=YEAR)
    second = plan_aggregate(year=YEAR)
    assert first.pk != second.pk
    assert cells(first) == cells(second) == expected()
    assert latest_snapshot(YEAR).run == second


def test_a_failure_midway_leaves_the_previous_snapshot_current_and_whole(dataset, monkeypatch):
    good = plan_aggregate(year=YEAR)
    before = cells(good)
    ProposalFactory(facility=dataset["p1"].facility, state="submitted", plan_year=YEAR)

    def fail_after_the_lines(run):
        # The lines of the new run are written by now; the failure must take them back.
        assert PlanLine.objects.filter(run=run).exists()
        raise RuntimeError("disk full")

    monkeypatch.setattr(plan_service, "_mark_done", fail_after_the_lines)
    with pytest.raises(RuntimeError):
        plan_aggregate(year=YEAR)

    failed = PlanRun.objects.exclude(pk=good.pk).get()
    assert failed.status == PlanRun.Status.FAILED
    assert "disk full" in failed.error
    assert not PlanLine.objects.filter(run=failed).exists()
    snapshot = latest_snapshot(YEAR)
    assert snapshot.run == good
    assert cells(good) == before


def test_the_snapshot_tables_add_up(dataset):
    plan_aggregate(year=YEAR)
    snapshot = latest_snapshot(YEAR)
    assert snapshot.totals["requested"] == 1_150 * M
    assert snapshot.totals["approved"] == 750 * M
    assert {row["locality__code"]: row["requested"] for row in snapshot.by_locality} == {
        "857": 650 * M,
        "858": 500 * M,
    }
    assert sum(row["approved"] for row in snapshot.by_fund) == 750 * M
    assert sum(row["n_submitted"] for row in snapshot.by_activity) == 5


def test_no_snapshot_before_the_first_run(world):
    assert latest_snapshot(YEAR) is None


def test_the_command_writes_a_snapshot(dataset, capsys):
    call_command("aggregate_annual_plan", "--year", str(YEAR))
    run = PlanRun.objects.get()
    assert run.trigger == "command"
    assert cells(run) == expected()
    assert f"Plan {YEAR}: snapshot #{run.pk} with 4 lines" in capsys.readouterr().out


def test_the_task_takes_the_year_and_the_user(dataset, world):
    run_id = aggregate_annual_plan.delay(
        YEAR, triggered_by_id=world.users["dit"].pk, trigger="manual"
    ).get()
    run = PlanRun.objects.get(pk=run_id)
    assert run.triggered_by == world.users["dit"]
    assert cells(run) == expected()


def test_the_task_retries_on_database_errors():
    from django.db import OperationalError

    assert OperationalError in aggregate_annual_plan.autoretry_for
