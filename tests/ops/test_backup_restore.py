"""ops/backup.sh and ops/restore.sh: demo data into a fresh database, back up, restore into
another fresh database, and nothing is lost (PostgreSQL only)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import connection

from tests.conftest import requires_postgres

BASE_DIR = Path(django_settings.BASE_DIR)

MONEY_TOTALS = {
    "approved": "SELECT COALESCE(SUM(approved_amount), 0) FROM proposals_proposal",
    "allocations": "SELECT COALESCE(SUM(amount - released), 0) FROM budgets_allocation",
    "disbursements": "SELECT COALESCE(SUM(amount), 0) FROM budgets_disbursement",
    "settlements": "SELECT COALESCE(SUM(amount), 0) FROM budgets_settlement",
}


def _url(name: str) -> str:
    db = connection.settings_dict
    password = db["PASSWORD"] or ""
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER']}:{password}@{host}:{port}/{name}"


def _admin(sql: str) -> None:
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(sql)


def _counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts = {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        counts |= {
            f"money:{name}": conn.execute(sql).fetchone()[0] for name, sql in MONEY_TOTALS.items()
        }
    return counts


def _files(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def databases():
    suffix = uuid.uuid4().hex[:8]
    names = [f"kc_backup_src_{suffix}", f"kc_backup_dst_{suffix}"]
    for name in names:
        _admin(f'CREATE DATABASE "{name}"')
    yield names
    for name in names:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@requires_postgres
@pytest.mark.django_db
def test_a_backup_restores_into_a_fresh_database_with_nothing_lost(databases, tmp_path):
    source, target = databases
    media, restored_media, backup = tmp_path / "media", tmp_path / "restored", tmp_path / "bk"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "khuyencong.settings",
        "DJANGO_ENV": "test",
        "DATABASE_URL": _url(source),
        "MEDIA_ROOT": str(media),
    }
    _run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    _run([sys.executable, "manage.py", "load_demo"], env)
    # A private upload with an awkward name, so that the media half of the backup is exercised.
    (media / "attachments" / "extra").mkdir(parents=True, exist_ok=True)
    (media / "attachments" / "extra" / "báo giá 01.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(64))

    before_counts, before_files = _counts(_url(source)), _files(media)
    assert before_counts["proposals_proposal"] > 0
    assert before_counts["money:approved"] > 0 and before_counts["money:allocations"] > 0
    assert before_counts["khuyencong_auditlog"] > 0
    assert before_files

    _run(["bash", "ops/backup.sh", str(backup)], env)
    assert (backup / "db.dump").stat().st_size > 0 and (backup / "media.tar.gz").exists()

    restore_env = {**env, "DATABASE_URL": _url(target), "MEDIA_ROOT": str(restored_media)}
    _run(["bash", "ops/restore.sh", str(backup)], restore_env)

    assert _counts(_url(target)) == before_counts
    assert _files(restored_media) == before_files


@requires_postgres
def test_restore_refuses_a_tampered_backup(tmp_path):
    backup = tmp_path / "bk"
    backup.mkdir()
    (backup / "db.dump").write_bytes(b"dump")
    (backup / "media.tar.gz").write_bytes(b"tar")
    subprocess.run(
        "sha256sum db.dump media.tar.gz > SHA256SUMS", shell=True, cwd=backup, check=True
    )
    (backup / "db.dump").write_bytes(b"changed")
    env = {**os.environ, "DATABASE_URL": _url("nonexistent"), "MEDIA_ROOT": str(tmp_path / "m")}
    result = subprocess.run(
        ["bash", "ops/restore.sh", str(backup)], cwd=BASE_DIR, env=env, capture_output=True
    )
    assert result.returncode != 0
    assert not (tmp_path / "m").exists()
