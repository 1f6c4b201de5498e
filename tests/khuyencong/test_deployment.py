"""docker-compose.yml, the Dockerfile and .env.example describe a production that can run."""

from __future__ import annotations

import ast
import importlib
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.utils.module_loading import import_string

BASE_DIR = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
ENV_EXAMPLE = (BASE_DIR / ".env.example").read_text()


def documented() -> set[str]:
    # "NAME=value" or a commented-out "# NAME=value" (set by compose, or optional).
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE, flags=re.M))


def command(service: str) -> str:
    value = SERVICES[service]["command"]
    return " ".join(value) if isinstance(value, list) else value


def settings_variables() -> set[str]:
    """Every environment variable khuyencong/settings.py reads, found in its syntax tree."""
    tree = ast.parse((BASE_DIR / "khuyencong" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        func = ast.unparse(node.func)
        if func.startswith("env_") or func in ("os.environ.get", "os.getenv"):
            names.add(first.value)
    return names


def test_the_services_are_the_production_topology():
    assert set(SERVICES) == {"db", "redis", "cache", "migrate", "web", "worker", "beat", "backup"}
    assert SERVICES["db"]["image"] == "postgres:16"
    assert SERVICES["redis"]["image"] == SERVICES["cache"]["image"] == "redis:7"
    for name in ("migrate", "web", "worker", "beat"):
        assert SERVICES[name]["env_file"] == ".env"
        assert SERVICES[name]["environment"]["DJANGO_ENV"] == "production"
        assert SERVICES[name]["build"] == "."


def test_every_long_running_service_has_a_healthcheck():
    for name in ("db", "redis", "cache", "web", "worker", "beat"):
        assert SERVICES[name]["healthcheck"]["test"], name
    assert SERVICES["beat"]["healthcheck"]["test"][-2:] == ["-m", "khuyencong.beat_health"]
    assert callable(importlib.import_module("khuyencong.beat_health").main)


def test_data_lives_in_named_volumes():
    assert {"pgdata", "media"} <= set(COMPOSE["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]
    media_root = SERVICES["web"]["environment"]["MEDIA_ROOT"]
    for name in ("migrate", "web", "worker", "beat"):
        assert f"media:{media_root}" in SERVICES[name]["volumes"]


def test_web_runs_gunicorn_on_the_wsgi_app_and_neither_migrates_nor_collects():
    cmd = command("web")
    assert "gunicorn khuyencong.wsgi:application" in cmd
    assert "migrate" not in cmd and "collectstatic" not in cmd
    module, _, attribute = "khuyencong.wsgi:application".partition(":")
    assert callable(getattr(importlib.import_module(module), attribute))
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE


def test_web_healthcheck_runs_a_real_module():
    test = SERVICES["web"]["healthcheck"]["test"]
    assert test[-2:] == ["-m", "khuyencong.healthcheck"]
    assert callable(importlib.import_module("khuyencong.healthcheck").main)
    assert settings.ROOT_URLCONF == "khuyencong.urls"


def test_worker_and_beat_run_the_project_celery_app():
    from khuyencong import celery_app

    assert celery_app.main == "khuyencong"
    assert command("worker").startswith("celery -A khuyencong worker")
    assert command("beat").startswith("celery -A khuyencong beat")
    scheduler = re.search(r"--scheduler[= ](\S+)", command("beat")).group(1)
    assert scheduler == settings.CELERY_BEAT_SCHEDULER
    assert import_string(scheduler.replace(":", "."))
    assert "django_celery_beat" in settings.INSTALLED_APPS


def test_migrations_run_once_in_a_one_off_service():
    assert command("migrate") == "python manage.py migrate --noinput"
    assert SERVICES["migrate"]["restart"] == "no"
    assert SERVICES["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"


@pytest.mark.parametrize("service", ["web", "worker", "beat"])
def test_web_worker_and_beat_wait_for_the_migrations(service):
    depends = SERVICES[service]["depends_on"]
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert depends["redis"]["condition"] == depends["cache"]["condition"] == "service_healthy"


def _seconds(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([sm])", value).groups()
    return int(number) * (60 if unit == "m" else 1)


def test_the_worker_outlives_its_longest_task_when_stopped():
    # Docker's default is 10 s, shorter than a 104-page PDF: the task would be killed mid-way.
    assert _seconds(SERVICES["worker"]["stop_grace_period"]) > settings.CELERY_TASK_TIME_LIMIT
    assert "--max-memory-per-child=" in command("worker")
    assert settings.TASK_VISIBILITY_TIMEOUT > settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT


def test_the_broker_never_evicts_and_the_cache_is_another_instance():
    broker = " ".join(SERVICES["redis"]["command"])
    cache = " ".join(SERVICES["cache"]["command"])
    assert "--maxmemory-policy noeviction" in broker and "--appendonly yes" in broker
    assert "--maxmemory-policy allkeys-lru" in cache
    env = SERVICES["web"]["environment"]
    assert env["REDIS_URL"].startswith("redis://redis:") and env["CACHE_URL"].startswith(
        "redis://cache:"
    )


def test_every_container_log_is_capped():
    for name, service in SERVICES.items():
        options = service["logging"]["options"]
        assert service["logging"]["driver"] == "json-file", name
        assert options["max-size"] and int(options["max-file"]) >= 2, name


def test_the_backup_service_has_a_matching_client_and_reads_media_read_only():
    backup = SERVICES["backup"]
    dockerfile = (BASE_DIR / backup["build"]["dockerfile"]).read_text()
    # pg_dump must be of the server's major version (postgres:16).
    assert f"FROM {SERVICES['db']['image']}" in dockerfile
    assert "gnupg" in dockerfile and "redis-tools" in dockerfile
    assert "media:/data/media:ro" in backup["volumes"]
    assert backup["environment"]["MEDIA_ROOT"] == "/data/media"
    assert "ops/backup.sh" in " ".join(backup["command"])
    assert backup["profiles"] == ["ops"]  # not started by `up`, run on demand or by cron


def test_every_compose_variable_is_documented_in_env_example():
    text = (BASE_DIR / "docker-compose.yml").read_text()
    used = set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)(?::?-[^}]*)?\}", text))
    assert used, "the compose file reads nothing from .env?"
    assert used - documented() == set()


def test_every_variable_settings_reads_is_documented_in_env_example():
    variables = settings_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "DEBUG"} <= variables
    assert variables - documented() == set()


def test_env_example_holds_no_secret():
    values = dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", ENV_EXAMPLE, flags=re.M))
    assert values["SECRET_KEY"] == ""
    assert values["POSTGRES_PASSWORD"] == ""
    assert values["DJANGO_ENV"] == "production"


def test_the_dockerfile_has_what_weasyprint_needs():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-liberation"):
        assert package in dockerfile
    assert "khuyencong.wsgi:application" in dockerfile


def test_the_image_installs_hash_pinned_packages_and_collects_static_files():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert "pip install --no-deps --require-hashes -r requirements.lock" in dockerfile
    assert "pip install ." not in dockerfile
    assert "manage.py collectstatic --noinput" in dockerfile
    lock = (BASE_DIR / "requirements.lock").read_text()
    pinned = dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==(\S+) \\$", lock, flags=re.M | re.I))
    requirements = [line for line in lock.splitlines() if re.match(r"^[a-z0-9]", line, re.I)]
    assert len(requirements) == len(pinned) > 30
    # Every pinned package carries at least one hash.
    for block in re.split(r"\n(?=[a-z0-9])", lock, flags=re.I)[1:]:
        assert "--hash=sha256:" in block, block.splitlines()[0]
    project = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]
    direct = {
        re.split(r"[\[<>=!~ ]", spec, maxsplit=1)[0].lower().replace("_", "-")
        for spec in project["dependencies"]
    }
    locked = {name.lower().replace("_", "-") for name in pinned}
    assert direct - locked == set(), "pyproject.toml changed: run pip-compile (docs/operations.md)"
