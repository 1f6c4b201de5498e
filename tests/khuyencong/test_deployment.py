"""docker-compose.yml, the Dockerfile and .env.example describe a production that can run."""

from __future__ import annotations

import ast
import importlib
import re
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
    assert set(SERVICES) == {"db", "redis", "web", "worker", "beat"}
    assert SERVICES["db"]["image"] == "postgres:16"
    assert SERVICES["redis"]["image"] == "redis:7"
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["env_file"] == ".env"
        assert SERVICES[name]["environment"]["DJANGO_ENV"] == "production"
        assert SERVICES[name]["build"] == "."


def test_every_service_but_beat_has_a_healthcheck():
    for name in ("db", "redis", "web", "worker"):
        assert SERVICES[name]["healthcheck"]["test"], name


def test_data_lives_in_named_volumes():
    assert {"pgdata", "media"} <= set(COMPOSE["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]
    media_root = SERVICES["web"]["environment"]["MEDIA_ROOT"]
    for name in ("web", "worker", "beat"):
        assert f"media:{media_root}" in SERVICES[name]["volumes"]


def test_web_migrates_collects_static_and_runs_gunicorn_on_the_wsgi_app():
    cmd = command("web")
    assert cmd.index("manage.py migrate") < cmd.index("manage.py collectstatic")
    assert cmd.index("collectstatic") < cmd.index("gunicorn khuyencong.wsgi:application")
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


@pytest.mark.parametrize("service", ["worker", "beat"])
def test_worker_and_beat_wait_for_migrations(service):
    assert SERVICES[service]["depends_on"]["web"]["condition"] == "service_healthy"


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
