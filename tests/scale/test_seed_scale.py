"""``seed_scale`` and the benchmark script's smoke mode (no timing is asserted anywhere)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from budgets.models import Allocation, Disbursement, Settlement
from khuyencong.models import Locality
from proposals.models import Appraisal, Attachment, CostLine, Proposal, Score, State
from tests.factories import FacilityFactory

ROOT = Path(__file__).resolve().parents[2]


def test_it_seeds_every_state_over_ten_years_across_localities(db):
    call_command("seed_scale", proposals=200, seed=3)
    assert Proposal.objects.count() == 200
    assert Proposal.objects.values("plan_year").distinct().count() == 10
    districts = Locality.objects.filter(level=Locality.Level.DISTRICT).count()
    assert Proposal.objects.values("facility__locality").distinct().count() == districts
    seen = set(Proposal.objects.values_list("state", flat=True))
    assert seen >= {State.DRAFT, State.SUBMITTED, State.FORWARDED, State.APPROVED, State.SETTLED}
    assert CostLine.objects.count() >= 400 and Attachment.objects.count() == 600
    assert Score.objects.exists() and Appraisal.objects.exists()
    assert Allocation.objects.exists() and Disbursement.objects.exists()
    assert Settlement.objects.exists()
    # The totals of each proposal are the sums of its lines.
    p = Proposal.objects.order_by("pk").first()
    assert p.total_cost == sum(line.amount for line in p.lines.all())


def test_the_same_seed_gives_the_same_data(db):
    call_command("seed_scale", proposals=30, seed=5)
    first = list(Proposal.objects.order_by("pk").values_list("code", "state", "requested_support"))
    call_command("seed_scale", proposals=30, seed=5, reset=True)
    again = list(Proposal.objects.order_by("pk").values_list("code", "state", "requested_support"))
    assert first == again


def test_it_refuses_a_database_with_real_data_unless_forced(db):
    FacilityFactory()
    with pytest.raises(CommandError, match="dữ liệu thật"):
        call_command("seed_scale", proposals=10)
    assert Proposal.objects.count() == 0
    call_command("seed_scale", proposals=10, force=True)
    assert Proposal.objects.count() == 10


def test_it_refuses_to_seed_twice_without_reset(db):
    call_command("seed_scale", proposals=10)
    with pytest.raises(CommandError, match="--reset"):
        call_command("seed_scale", proposals=10)


def test_the_benchmark_script_runs_in_quick_mode(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ENV")}
    env["MEDIA_ROOT"] = str(tmp_path / "media")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run"), "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = done.stdout
    assert "(a) DIT list" in out and "ratio" in out, done.stderr[-2000:]
    assert "figures equal: yes" in out
    assert "(c) annual plan PDF" in out and "(d) queries per page" in out
    assert "proposals:dit_list (dit)" in out
    # Target (d) holds on the smoke data too: every page's count is the same at both volumes.
    assert "identical and ≤ 15: yes" in out, out[out.find("(d)") :]
    assert done.returncode == 0, done.stderr[-2000:]
