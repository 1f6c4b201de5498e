"""A real Celery worker connected to Redis runs the aggregation and a document task.

Runs where CI runs (PostgreSQL, so that the worker process shares the test database, and a
Redis); skipped on a developer's SQLite run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from reports.models import GeneratedDocument, PlanRun
from tests.conftest import requires_postgres
from tests.factories_reports import YEAR, GeneratedDocumentFactory, plan_dataset

REDIS = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except Exception:
        return False


# Under CI (which starts Redis) these run whatever redis_up says, so a broken Redis fails them.
requires_redis = pytest.mark.skipif(
    not redis_up() and not os.environ.get("CI"), reason="needs a Redis (CI starts one)"
)


@pytest.fixture
def worker(settings, tmp_path):
    """A worker process on its own queue, so that no other worker takes the tasks."""
    queue = f"kc-test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "khuyencong.settings",
        "DJANGO_ENV": "test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": REDIS,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    log = tmp_path / "worker.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "khuyencong",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "info",
        ],
        cwd=str(settings.BASE_DIR),
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    client = Celery(broker=REDIS, backend=REDIS, set_as_current=False)
    try:
        yield client, queue, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(found, log: Path, timeout: int = 90):
    """Poll the database until ``found()`` returns something: tasks keep no result (nobody
    reads them in production: CELERY_TASK_IGNORE_RESULT), their work is in the database."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = found()
        if value:
            return value
        time.sleep(0.2)
    print(log.read_text())
    raise AssertionError(f"nothing after {timeout}s")


@requires_postgres
@requires_redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_aggregation_and_a_document(world, worker):
    client, queue, log = worker
    plan_dataset(world)
    client.send_task("reports.tasks.aggregate_annual_plan", args=[YEAR], queue=queue)
    run = wait_for(
        lambda: PlanRun.objects.filter(year=YEAR, status=PlanRun.Status.DONE).first(), log
    )
    assert run.lines.count() == 4

    document = GeneratedDocumentFactory(owner=world.users["dit"], params={"year": YEAR})
    client.send_task("reports.tasks.build_document", args=[document.pk], queue=queue)
    wait_for(
        lambda: GeneratedDocument.objects.filter(
            pk=document.pk, status=GeneratedDocument.Status.DONE
        ).exists(),
        log,
    )
    document.refresh_from_db()
    assert (Path(settings.MEDIA_ROOT) / document.file.name).read_bytes().startswith(b"%PDF")
