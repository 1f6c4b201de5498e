"""The settings module, loaded in a clean subprocess with a controlled environment."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({name: str(getattr(settings, name)) for name in "
    "['DEBUG', 'ALLOWED_HOSTS', 'CELERY_TASK_ALWAYS_EAGER', 'CELERY_BROKER_URL', "
    "'EMAIL_BACKEND', 'LANGUAGE_CODE', 'TIME_ZONE', 'SECURE_SSL_REDIRECT', "
    "'SESSION_COOKIE_SECURE']} | {'DB': settings.DATABASES['default']['ENGINE'], "
    "'DB_NAME': str(settings.DATABASES['default']['NAME'])}))"
)


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "khuyencong.vinhlong.gov.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    env.update(extra)
    return env


def run_python(env: dict[str, str], code: str = PRINT_SETTINGS, *args: str):
    # A clean environment: nothing from the test run (DJANGO_ENV=test, DATABASE_URL, ...) leaks.
    full_env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "khuyencong.settings", **env}
    command = [sys.executable, *args] if args else [sys.executable, "-c", code]
    return subprocess.run(
        command, cwd=BASE_DIR, env=full_env, capture_output=True, text=True, timeout=120
    )


def loaded(result) -> dict[str, str]:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_mode_requires_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run_python(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is required" in result.stderr


def test_production_mode_is_the_default(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_ENV"], env["SECRET_KEY"]
    result = run_python(env)
    assert "SECRET_KEY is required" in result.stderr


def test_production_mode_refuses_a_short_secret_key(tmp_path):
    result = run_python(production_env(tmp_path, SECRET_KEY="changeme"))
    assert result.returncode != 0
    assert "SECRET_KEY must be a long random value" in result.stderr


def test_production_mode_refuses_debug(tmp_path):
    result = run_python(production_env(tmp_path, DEBUG="1"))
    assert result.returncode != 0
    assert "DEBUG must be off when DJANGO_ENV=production" in result.stderr


def test_production_mode_requires_allowed_hosts(tmp_path):
    result = run_python(production_env(tmp_path, ALLOWED_HOSTS=""))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is required in production" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("DJANGO_ENV", "staging", "DJANGO_ENV='staging' must be one of"),
        ("DATABASE_URL", "mysql://db/kc", "DATABASE_URL must be a URL starting with"),
        ("REDIS_URL", "http://cache:6379", "REDIS_URL must be a URL starting with"),
        ("EMAIL_PORT", "smtp", "EMAIL_PORT='smtp' is not a whole number"),
        ("LOGIN_FAILURE_LIMIT", "0", "LOGIN_FAILURE_LIMIT=0 is below 1"),
        ("UPLOAD_MAX_MB", "9999", "UPLOAD_MAX_MB=9999 is above 500"),
        ("ALLOWED_HOSTS", "a.vn,,b.vn", "empty item"),
        ("PORTAL_BASE_URL", "ftp://kc.vn", "PORTAL_BASE_URL must be a URL starting with"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL='LOUD' must be one of"),
        ("ADMIN_URL", "/admin", "must be a relative path ending with a slash"),
    ],
)
def test_a_bad_value_stops_start_up_with_a_clear_message(tmp_path, variable, value, message):
    result = run_python(production_env(tmp_path, **{variable: value}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_email_tls_and_ssl_are_exclusive(tmp_path):
    result = run_python(production_env(tmp_path, EMAIL_USE_TLS="1", EMAIL_USE_SSL="1"))
    assert "Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL" in result.stderr


def test_production_mode_is_secure_and_mails_through_smtp(tmp_path):
    values = loaded(run_python(production_env(tmp_path)))
    assert values["DEBUG"] == "False"
    assert values["SECURE_SSL_REDIRECT"] == "True"
    assert values["SESSION_COOKIE_SECURE"] == "True"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["LANGUAGE_CODE"] == "vi"
    assert values["TIME_ZONE"] == "Asia/Ho_Chi_Minh"


def test_development_defaults_need_no_configuration():
    values = loaded(run_python({"DJANGO_ENV": "development"}))
    assert values["DEBUG"] == "True"
    assert values["DB"] == "django.db.backends.sqlite3"
    assert values["DB_NAME"] == str(BASE_DIR / "var" / "db.sqlite3")
    assert values["CELERY_TASK_ALWAYS_EAGER"] == "True"  # no REDIS_URL: tasks run inline
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert "127.0.0.1" in values["ALLOWED_HOSTS"]


def test_debug_is_off_outside_development():
    assert loaded(run_python({"DJANGO_ENV": "test"}))["DEBUG"] == "False"


def test_redis_url_switches_celery_to_the_real_broker():
    values = loaded(run_python({"DJANGO_ENV": "development", "REDIS_URL": "redis://r:6379/1"}))
    assert values["CELERY_TASK_ALWAYS_EAGER"] == "False"
    assert values["CELERY_BROKER_URL"] == "redis://r:6379/1"


def test_postgres_database_url_is_used(tmp_path):
    values = loaded(
        run_python(production_env(tmp_path, DATABASE_URL="postgres://kc@db:5432/khuyencong"))
    )
    assert values["DB"] == "django.db.backends.postgresql"
    assert values["DB_NAME"] == "khuyencong"


def test_check_deploy_prints_no_warning_in_production_mode(tmp_path):
    result = run_python(
        production_env(tmp_path), "", "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr
