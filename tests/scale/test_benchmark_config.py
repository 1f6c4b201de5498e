"""The benchmark measures what production runs: docker-compose's gunicorn, one session per user."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from benchmarks import measure, serve


def test_the_gunicorn_of_the_benchmark_is_the_one_docker_compose_runs(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    config = serve.compose_web_config()
    # docker-compose.yml: --workers ${WEB_CONCURRENCY:-3} --timeout 60, no threads option
    assert config == serve.WebConfig(workers=3, threads=1, worker_class="sync", timeout=60)
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    assert serve.compose_web_config().workers == 5


def test_an_option_is_read_literal_or_from_its_variable(monkeypatch):
    monkeypatch.delenv("KC_THREADS", raising=False)
    assert serve._option("gunicorn --threads 4 -b x", "threads", "1") == "4"
    assert serve._option("gunicorn --threads=${KC_THREADS:-2}", "threads", "1") == "2"
    assert serve._option("gunicorn -b x", "threads", "1") == "1"


@pytest.mark.django_db
def test_every_simulated_user_has_a_session_of_its_own():
    call_command("seed_scale", proposals=13, seed=2)
    sessions = measure.load_sessions(7)
    assert len({s["session"] for s in sessions}) == 7
    # Roles in turn: the sixth user is a DIT officer again, with another session.
    assert [s["role"] for s in sessions] == [
        "dit",
        "district",
        "facility0",
        "leader",
        "finance",
        "dit",
        "district",
    ]
    assert sessions[0]["urls"][1] == "/proposals/all/"
