"""Run the processes of docker-compose.yml for real: migrate, gunicorn, a Celery worker, beat.
A worker process is killed (SIGKILL) in the middle of a document build, and the document is
finished all the same (acks_late + reject_on_worker_lost).

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as CI provides; skipped otherwise, and
turned into a failure under CI (``CI`` set) so that a broken CI environment cannot hide it.
Creates its own database and drops it afterwards; every process is killed in ``finally``.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from psycopg import sql

from khuyencong.healthcheck import check as healthcheck

BASE_DIR = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
MISSING = (
    "DATABASE_URL is not PostgreSQL"
    if not DATABASE_URL.startswith(("postgres://", "postgresql://"))
    else "REDIS_URL is not set"
    if not REDIS_URL
    else ""
)

if MISSING and os.environ.get("CI"):
    pytest.fail(f"the process smoke test must run in CI, but {MISSING}", pytrace=False)

pytestmark = [
    pytest.mark.smoke,
    pytest.mark.skipif(
        bool(MISSING), reason=f"process smoke test needs PostgreSQL and Redis: {MISSING}"
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def fresh_database():
    """A new, empty PostgreSQL database on the server of DATABASE_URL; dropped afterwards."""
    config = dj_database_url.parse(DATABASE_URL)
    name = f"kc_smoke_{uuid.uuid4().hex[:10]}"
    params = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"] or "postgres",
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
        "connect_timeout": 10,
    }
    with psycopg.connect(**params) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        auth = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
        yield f"postgres://{auth}@{params['host']}:{params['port']}/{name}"
    finally:
        with psycopg.connect(**params) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@contextmanager
def process(args: list[str], env: dict[str, str], log: Path):
    """Start a long-running process with its output in ``log``; always stop it."""
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            args,
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield proc
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=5)


def run_together(commands: list[list[str]], env: dict[str, str], timeout: int) -> None:
    """Run short commands side by side; each must succeed within ``timeout`` seconds."""
    procs = [
        subprocess.Popen(
            args, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for args in commands
    ]
    try:
        deadline = time.monotonic() + timeout
        for args, proc in zip(commands, procs, strict=True):
            output, _ = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
            assert proc.returncode == 0, f"{' '.join(args)} failed:\n{output.decode()}"
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=5)


def wait_until(predicate, timeout: float, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"process exited with {proc.returncode}:\n{read(log)}")
        if predicate():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out after {timeout}s:\n{read(log)}")


def read(log: Path) -> str:
    return log.read_text(errors="replace")[-4000:]


def get(port: int, path: str) -> tuple[int, str]:
    # Presented as the reverse proxy would: an allowed host and the HTTPS marker.
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


CREATE_DOCUMENT = """
from khuyencong.models import Role, User
from reports.models import GeneratedDocument
owner = User.objects.create_user("smoke-dit", role=Role.DIT)
document = GeneratedDocument.objects.create(
    owner=owner, kind="results", params={"year": 2026}, format="pdf", title="Báo cáo"
)
print(document.pk)
"""


def create_document(env: dict[str, str]) -> int:
    """A queued document row, made by the portal's own models in the fresh database."""
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", CREATE_DOCUMENT],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return int(out.stdout.split()[-1])


def wait_for_status(
    database_url: str, document: int, status: str, timeout: float, proc, log: Path
) -> None:
    with psycopg.connect(database_url, connect_timeout=10, autocommit=True) as conn:

        def reached() -> bool:
            row = conn.execute(
                "SELECT status FROM reports_generateddocument WHERE id = %s", [document]
            ).fetchone()
            return row[0] == status

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"worker exited with {proc.returncode}:\n{read(log)}")
            if reached():
                return
            time.sleep(0.02)
    pytest.fail(f"document {document} never {status} after {timeout}s:\n{read(log)}")


def kill_pool_process(worker_pid: int) -> int:
    """SIGKILL the worker's pool process (the one running the task), as the OOM killer would."""
    children = subprocess.run(
        ["ps", "--ppid", str(worker_pid), "-o", "pid="], capture_output=True, text=True
    ).stdout.split()
    assert len(children) == 1, children  # --concurrency=1
    pid = int(children[0])
    os.kill(pid, signal.SIGKILL)
    return pid


def test_the_production_processes_run(tmp_path):
    started = time.monotonic()
    queue = f"kc-smoke-{uuid.uuid4().hex[:8]}"  # other checkouts may share this Redis
    port = free_port()
    with ExitStack() as stack:
        database_url = stack.enter_context(fresh_database())
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "khuyencong.settings",
            "DJANGO_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "STATIC_ROOT": str(tmp_path / "static"),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "PORT": str(port),
            "PYTHONUNBUFFERED": "1",
            "BEAT_HEARTBEAT_FILE": str(tmp_path / "beat-heartbeat"),
        }
        python = sys.executable

        web_log, worker_log, beat_log = (tmp_path / f"{n}.log" for n in ("web", "worker", "beat"))
        # The worker needs no table to start: let it boot while the database is migrated.
        worker = stack.enter_context(
            process(
                [
                    python,
                    "-m",
                    "celery",
                    "-A",
                    "khuyencong",
                    "worker",
                    "--loglevel=INFO",
                    "--concurrency=1",
                    "-Q",
                    queue,
                    "--hostname",
                    f"{queue}@%h",
                ],
                env,
                worker_log,
            )
        )
        # The migrate service and the image's collectstatic (side by side: independent). Two
        # migrations at once, as two containers started together would: both must succeed.
        run_together(
            [
                [python, "manage.py", "migrate", "--noinput"],
                [python, "manage.py", "migrate", "--noinput"],
                [python, "manage.py", "collectstatic", "--noinput"],
            ],
            env,
            timeout=420,
        )
        web = stack.enter_context(
            process(
                [
                    python,
                    "-m",
                    "gunicorn",
                    "khuyencong.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--timeout",
                    "30",
                ],
                env,
                web_log,
            )
        )
        beat = stack.enter_context(
            process(
                [
                    python,
                    "-m",
                    "celery",
                    "-A",
                    "khuyencong",
                    "beat",
                    "--loglevel=INFO",
                    "--scheduler=khuyencong.beat:SingleBeatScheduler",
                    f"--pidfile={tmp_path / 'beat.pid'}",
                ],
                env,
                beat_log,
            )
        )
        beat_started = time.monotonic()

        # gunicorn: the container health check passes, the login page renders.
        wait_until(lambda: healthcheck(port, "127.0.0.1", timeout=2), 30, web, web_log)
        assert get(port, "/healthz") == (200, '{"status": "ok"}')
        status, body = get(port, "/readyz")
        assert status == 200 and json.loads(body) == {
            "status": "ok",
            "checks": {"database": "ok", "broker": "ok", "cache": "ok"},
        }, body
        status, body = get(port, "/accounts/login/")
        assert status == 200, body
        assert "Đăng nhập" in body
        status, _ = get(port, "/static/css/portal.css")  # whitenoise serves collected files
        assert status == 200

        # The worker really executes a task sent through the broker, and answers through
        # the result backend.
        from celery import Celery

        client = Celery("smoke", broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
        try:
            result = client.send_task("khuyencong.tasks.ping", args=["xin chào"], queue=queue)
            assert result.get(timeout=40) == "xin chào", read(worker_log)
            with_db = client.send_task(
                "khuyencong.tasks.ping", args=["csdl"], kwargs={"database": True}, queue=queue
            )
            assert with_db.get(timeout=20) == "csdl", read(worker_log)  # the worker reaches the DB

            # A document build whose worker process is killed mid-way is finished all the same.
            document = create_document(env)
            client.send_task("reports.tasks.build_document", args=[document], queue=queue)
            wait_for_status(database_url, document, "running", 90, worker, worker_log)
            killed = kill_pool_process(worker.pid)
            wait_for_status(database_url, document, "done", 180, worker, worker_log)
        finally:
            client.close()
        assert worker.poll() is None
        worker_output = read(worker_log)
        assert f"pid {killed}" in worker_output or "signal 9" in worker_output, worker_output
        with psycopg.connect(database_url, connect_timeout=10) as conn:
            (name,) = conn.execute(
                "SELECT file FROM reports_generateddocument WHERE id = %s", [document]
            ).fetchone()
        assert (tmp_path / "media" / name).read_bytes().startswith(b"%PDF")

        # Beat with the DatabaseScheduler stays up without error.
        time.sleep(max(0.0, 5 - (time.monotonic() - beat_started)))
        assert beat.poll() is None, read(beat_log)
        beat_output = read(beat_log)
        assert "beat: Starting" in beat_output, beat_output
        assert "khuyencong.beat.SingleBeatScheduler" in beat_output, beat_output
        assert "Beat lock taken" in beat_output, beat_output
        health = subprocess.run(
            [python, "-m", "khuyencong.beat_health"], cwd=BASE_DIR, env=env, capture_output=True
        )
        assert health.returncode == 0, health.stdout
        # The DatabaseScheduler wrote its built-in periodic task into the new database.
        with psycopg.connect(database_url, connect_timeout=10) as conn:
            names = {
                row[0] for row in conn.execute("SELECT name FROM django_celery_beat_periodictask")
            }
        assert "celery.backend_cleanup" in names, beat_output
        for bad in ("Traceback", "ERROR", "CRITICAL"):
            assert bad not in beat_output, beat_output
            assert bad not in read(web_log), read(web_log)

    # Two PDF renders in fresh worker processes and the migrations, on a busy 2-core machine.
    assert time.monotonic() - started < 720
