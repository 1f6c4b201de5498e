"""``seed_scale`` and the benchmark script's smoke mode (no timing is asserted anywhere)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from budgets.models import Allocation, Disbursement, Settlement
from khuyencong.models import AuditLog, Locality
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


def test_it_writes_the_audit_rows_of_each_proposals_path(db):
    # 13 proposals: one in each state of the current year (seed_scale's FIRST_STATES).
    call_command("seed_scale", proposals=13, seed=4)
    count = Counter(AuditLog.objects.values_list("action", flat=True))
    # Counted by hand from the paths: every proposal is created and uploads; all but the
    # draft are submitted; all but the draft, submitted, returned and withdrawn forwarded...
    assert count["proposal.create"] == count["proposal.attachment_upload"] == 13
    assert count["proposal.submit"] == 12
    assert count["proposal.forward"] == 9
    assert count["proposal.return"] == count["proposal.withdraw"] == 1
    assert count["proposal.reject"] == count["proposal.cancel"] == 1
    assert count["proposal.start_appraisal"] == 7
    assert count["proposal.conclude_appraisal"] == 6
    assert count["proposal.approve"] == count["allocation.propose"] == 5
    assert count["proposal.start"] == 4
    assert count["proposal.accept"] == 2
    assert count["proposal.settle"] == count["settlement.confirm"] == 1
    # advances of the in-progress, accepted and settled ones, and the settled one's payment
    assert count["disbursement.confirm"] == 4
    # two members for each concluded appraisal; the open one's members may not have scored
    assert 12 <= count["scoresheet.submit"] <= 14
    assert sum(count.values()) == AuditLog.objects.count()
    forward = AuditLog.objects.filter(action="proposal.forward").select_related("actor").first()
    assert forward.actor.role == "district" and forward.actor_name == forward.actor.username
    assert forward.before == {"state": "submitted"} and forward.after == {"state": "forwarded"}
    approve = AuditLog.objects.filter(action="proposal.approve").first()
    assert approve.actor.username == "scale-leader"
    # Each proposal's rows begin at its creation and end by its last state change.
    for p in Proposal.objects.all():
        rows = AuditLog.objects.filter(object_id=str(p.pk), action__startswith="proposal.")
        assert rows.order_by("created_at").first().created_at == p.created_at
        assert rows.order_by("created_at").last().created_at <= p.state_changed_at


def test_about_ten_audit_rows_a_proposal_and_reuse_keeps_them(db):
    call_command("seed_scale", proposals=200, seed=6)
    rows = AuditLog.objects.count()
    assert 8 * 200 <= rows <= 14 * 200
    out = StringIO()
    call_command("seed_scale", proposals=200, reuse=True, stdout=out)
    assert "giữ nguyên" in out.getvalue()
    assert AuditLog.objects.count() == rows and Proposal.objects.count() == 200
    # Another size is seeded again from scratch, audit rows included.
    call_command("seed_scale", proposals=20, reuse=True, stdout=StringIO())
    assert Proposal.objects.count() == 20
    assert 8 * 20 <= AuditLog.objects.count() <= 14 * 20


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
    assert "(1) every page: server median" in out, done.stderr[-2000:]
    assert "proposals:dit_list (dit)" in out and "audit_log (admin)" in out
    assert "(2) DIT list / admin changelist" in out
    assert out.count("figures equal: yes") == 2  # the aggregation at both sizes
    assert "(4) annual plan PDF" in out and "ratio" in out
    # Every page makes the same number of queries at both volumes (the budget of 10 is the
    # lists' test, tests/scale/test_query_budget.py or its successor).
    assert "queries identical at every size: yes" in out, out[out.find("(1)") :]
    assert done.returncode == 0, done.stderr[-2000:]
