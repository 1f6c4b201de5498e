"""The broker and the cache never share a Redis database (a cache clear would flush the queue)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PRINT = (
    "import django; django.setup(); from django.conf import settings;"
    "print(settings.CELERY_BROKER_URL, settings.CACHES['default']['LOCATION'])"
)


def _settings(**env: str) -> subprocess.CompletedProcess:
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "khuyencong.settings", "DJANGO_ENV": "test"}
    base.pop("CACHE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", PRINT],
        cwd=BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
    )


def test_the_cache_takes_the_next_database_or_its_own_instance_never_the_brokers():
    default = _settings(REDIS_URL="redis://127.0.0.1:6379/2")
    assert default.stdout.split() == ["redis://127.0.0.1:6379/2", "redis://127.0.0.1:6379/3"]
    own = _settings(REDIS_URL="redis://redis:6379/0", CACHE_URL="redis://cache:6379/0")
    assert own.stdout.split() == ["redis://redis:6379/0", "redis://cache:6379/0"]
    same = _settings(REDIS_URL="redis://redis:6379/0", CACHE_URL="redis://redis:6379/0")
    assert same.returncode != 0
    assert "CACHE_URL must not be the broker's REDIS_URL" in same.stderr
