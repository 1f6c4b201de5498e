"""Run the processes of docker-compose.yml for real: migrate, gunicorn, a Celery worker, beat.

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as CI provides; skipped otherwise, and
turned into a failure under CI (``CI`` set) so that a broken CI environment cannot hide it.
Creates its own database and drops it afterwards; every process is killed in ``finally``.
"""

from __future__ import annotations

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
        # What the web container runs before gunicorn (side by side: they are independent).
        run_together(
            [
                [python, "manage.py", "migrate", "--noinput"],
                [python, "manage.py", "collectstatic", "--noinput"],
            ],
            env,
            timeout=120,
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
                    "--scheduler=django_celery_beat.schedulers:DatabaseScheduler",
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
            emails = client.send_task(
                "khuyencong.tasks.send_notification_emails", args=[[]], queue=queue
            )
            assert emails.get(timeout=20) == 0, read(worker_log)  # a task that uses the DB
        finally:
            client.close()
        assert worker.poll() is None

        # Beat with the DatabaseScheduler stays up without error.
        time.sleep(max(0.0, 5 - (time.monotonic() - beat_started)))
        assert beat.poll() is None, read(beat_log)
        beat_output = read(beat_log)
        assert "beat: Starting" in beat_output, beat_output
        assert "django_celery_beat.schedulers.DatabaseScheduler" in beat_output, beat_output
        # The DatabaseScheduler wrote its built-in periodic task into the new database.
        with psycopg.connect(database_url, connect_timeout=10) as conn:
            names = {
                row[0] for row in conn.execute("SELECT name FROM django_celery_beat_periodictask")
            }
        assert "celery.backend_cleanup" in names, beat_output
        for bad in ("Traceback", "ERROR", "CRITICAL"):
            assert bad not in beat_output, beat_output
            assert bad not in read(web_log), read(web_log)

    assert time.monotonic() - started < 120
