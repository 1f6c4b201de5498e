"""Settings for the khuyến công portal, read from environment variables.

``DJANGO_ENV`` picks the mode: ``production`` (the default: everything must be configured),
``development`` (``make run``: SQLite, inline tasks, debug on) or ``test``.
See ``.env.example`` for every variable.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from khuyencong.env import env_bool, env_choice, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

ENV = env_choice("DJANGO_ENV", ("production", "development", "test"), "production")
PRODUCTION = ENV == "production"

DEBUG = env_bool("DEBUG", default=ENV == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")

SECRET_KEY = env_str(
    "SECRET_KEY",
    **({} if PRODUCTION else {"default": "insecure-development-key-never-use-in-production"}),
)
if PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or "insecure" in SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY must be a long random value in production (50+ characters), e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is required in production: the host names the portal answers to, "
        "comma-separated."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "khuyencong.views_errors.csrf_failure"

INSTALLED_APPS = [
    "khuyencong",
    "khuyencong.catalogue",
    "proposals",
    "budgets",
    "reports",
    "khuyencong.seed",
    "khuyencong.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "khuyencong.log.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's SessionMiddleware, except that background polls do not extend an idle session.
    "khuyencong.middleware.IdleSessionMiddleware",
    "khuyencong.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "khuyencong.two_factor.TwoFactorMiddleware",
    "khuyencong.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes last: it needs the authenticated user and answers lockouts itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "khuyencong.urls"
WSGI_APPLICATION = "khuyencong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "khuyencong.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
_database_url = (
    env_url("DATABASE_URL", ("postgres", "postgresql", "sqlite"))
    or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
)
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    if not _database_url.endswith(":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Migrations wait at most this long for a lock held by the running portal, then fail
    # (to be run again) instead of queueing every request behind them: see
    # khuyencong/management/commands/migrate.py.
    MIGRATION_LOCK_TIMEOUT = env_str("MIGRATION_LOCK_TIMEOUT", "5s")
    # Heavy report reads (document builds) may go to a streaming replica: khuyencong/db_router.py.
    _replica_url = env_url("DATABASE_REPLICA_URL", ("postgres", "postgresql"))
    if _replica_url:
        DATABASES["replica"] = dj_database_url.parse(_replica_url, conn_max_age=60)
        DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
        # Under the test runner the replica is the test database itself.
        DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
        DATABASE_ROUTERS = ["khuyencong.db_router.ReportsReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users and login --------------------------------------------------------------------------
AUTH_USER_MODEL = "khuyencong.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Lets the login form tell a facility that its account still waits for activation,
    # instead of the generic "wrong password" message.
    "django.contrib.auth.backends.AllowAllUsersModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Second factor (django-otp): required for DIT, leader, council, finance and admin roles
# (khuyencong/two_factor.py). OTP_ENFORCED=false only for a development machine.
OTP_ENFORCED = PRODUCTION or env_bool("OTP_ENFORCED", True)
OTP_TOTP_ISSUER = "Khuyen cong"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The client's address, so that axes locks the client and not the proxy. Only the proxy's own
# address (TRUSTED_PROXIES: addresses or networks, comma-separated) may state the client's
# (X-Forwarded-For): a client that sends the header directly is counted by its own address.
# The login throttle and the lookup rate limit both read khuyencong.client_ip.client_ip.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "khuyencong.client_ip.client_ip"

SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 60, minimum=5) * 60
# Idle expiry: khuyencong.middleware.IdleSessionMiddleware saves the session (moving its
# deadline) when the deadline would move by a minute or more, not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "vi"
# Each language named in itself, as a switcher should show it.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["khuyencong.formats"]

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Uploads are private: never under a public URL, served only by views that check scope.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Media on an S3-compatible store (MinIO, Ceph, a cloud provider) when a bucket is named:
# the files stay private (no public ACL) and are still served only through the views that check
# scope, which read them from the store.
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env_url("MEDIA_S3_ENDPOINT_URL", ("http", "https")),
            "region_name": env_str("MEDIA_S3_REGION", "us-east-1"),
            "access_key": env_str("MEDIA_S3_ACCESS_KEY", ""),
            "secret_key": env_str("MEDIA_S3_SECRET_KEY", ""),
            "location": env_str("MEDIA_S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "addressing_style": "path",
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 20, minimum=1, maximum=500) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# An oversized file stops being stored at the limit (and is then refused with its size).
FILE_UPLOAD_HANDLERS = [
    "proposals.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o640

# --- E-mail ---------------------------------------------------------------------------------
# Console by default while developing; SMTP (configured below) in production.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
# A stuck mail server must not hold a Celery worker forever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1, maximum=600)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "khuyencong@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in e-mails are built from this (no request in a Celery task).
PORTAL_BASE_URL = (env_url("PORTAL_BASE_URL", ("http", "https")) or "http://127.0.0.1:8000").rstrip(
    "/"
)

# --- Celery ---------------------------------------------------------------------------------
# REDIS_URL is the broker (a Redis with maxmemory-policy noeviction: a queued task must never be
# evicted); CACHE_URL the cache (a Redis that may evict). They must differ: a cache clear would
# otherwise flush the queue. Without CACHE_URL the cache takes the broker's next database.
REDIS_URL = env_url("REDIS_URL", ("redis", "rediss"))
CACHE_URL = env_url("CACHE_URL", ("redis", "rediss"))
if REDIS_URL and not CACHE_URL:
    _broker = urlsplit(REDIS_URL)
    _db = _broker.path.strip("/")
    CACHE_URL = urlunsplit(_broker._replace(path=f"/{int(_db) + 1 if _db.isdigit() else 1}"))
if REDIS_URL and CACHE_URL.rstrip("/") == REDIS_URL.rstrip("/"):
    raise ImproperlyConfigured(
        "CACHE_URL must not be the broker's REDIS_URL: another database or another instance."
    )
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Only the smoke test's ping reads a result (CELERY_TASK_IGNORE_RESULT below): nobody else
    # waits on this backend, and a request never touches it.
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    # No broker configured: run tasks inline, in the calling process.
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Every task is safe to run twice, so a message is acknowledged only when its task has finished,
# and a task whose worker process died (OOM, kill -9) goes back to the queue at once.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# Time limits of every task (seconds), unless a task sets its own: past the soft one the task
# gets SoftTimeLimitExceeded and can clean up; at the hard one its process is killed.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("TASK_SOFT_TIME_LIMIT", 540, minimum=10, maximum=3600)
CELERY_TASK_TIME_LIMIT = env_int("TASK_TIME_LIMIT", 600, minimum=15, maximum=7200)
if CELERY_TASK_TIME_LIMIT <= CELERY_TASK_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured("TASK_TIME_LIMIT must be longer than TASK_SOFT_TIME_LIMIT.")
# A message taken by a worker that vanished whole (host lost) is delivered again after this
# many seconds. It must exceed the longest task, or a running task would be handed out twice.
TASK_VISIBILITY_TIMEOUT = env_int("TASK_VISIBILITY_TIMEOUT", 900, minimum=60, maximum=43200)
if TASK_VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("TASK_VISIBILITY_TIMEOUT must be longer than TASK_TIME_LIMIT.")
# A worker process that grew past this (kilobytes) is replaced after its current task (compose
# also passes it as --max-memory-per-child).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("WORKER_MAX_MEMORY_KB", 614400, minimum=102400)
# Publishing happens inside a request that has already committed: a short budget, then the
# failure is logged (khuyencong.queue) and left to the sweeps.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": TASK_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 2,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.2},
    "socket_connect_timeout": 2,
}
# The worker keeps trying to reach a restarting Redis instead of exiting.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Beat runs once: a second beat waits on a PostgreSQL lock as a standby (khuyencong/beat.py),
# and touches BEAT_HEARTBEAT_FILE at every tick for its health check.
CELERY_BEAT_SCHEDULER = "khuyencong.beat:SingleBeatScheduler"
BEAT_HEARTBEAT_FILE = Path(env_str("BEAT_HEARTBEAT_FILE", str(VAR_DIR / "beat-heartbeat")))

CACHES = {
    "default": (
        {
            "BACKEND": "khuyencong.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            # A Redis that restarts must not hold a request: give up fast and serve uncached.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Portal configuration -------------------------------------------------------------------
# The intermediate reviewer was the district People's Committee until July 2025; after the
# reform it may be a commune. The name shown everywhere comes from here, not from code.
# INTERMEDIATE_LEVEL says which units review: "commune" (xã/phường, since 1/7/2025), "district"
# (the history before it) or "none" (facilities submit straight to the DIT). Pages and
# documents name the reviewing unit by its own kind and name ("UBND xã Cái Nhum");
# INTERMEDIATE_LEVEL_NAME is only the generic name where no unit is known.
INTERMEDIATE_LEVEL = env_choice("INTERMEDIATE_LEVEL", ("commune", "district", "none"), "commune")
# Empty: the level's own generic name (khuyencong.localities.intermediate_name).
INTERMEDIATE_LEVEL_NAME = env_str("INTERMEDIATE_LEVEL_NAME", "")
PROVINCE_NAME = env_str("PROVINCE_NAME", "Vĩnh Long")
DEPARTMENT_NAME = env_str("DEPARTMENT_NAME", "Sở Công Thương tỉnh Vĩnh Long")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_HTTPONLY = True

# No inline scripts or styles: every script is a static file; nonces are there for the rare
# template that needs one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Every line says when, how bad, where from and for which request (khuyencong/log.py); JSON
# for a log collector with LOG_FORMAT=json. Compose caps the size of the container logs.
LOG_FORMAT = env_choice("LOG_FORMAT", ("text", "json"), "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "khuyencong.log.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "khuyencong.log.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["request_id"],
        },
    },
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO"),
    },
    "loggers": {
        "axes": {"level": "WARNING"},
        # Django's own request logger would otherwise print without the format above.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Error reporting: Sentry (or a self-hosted Sentry or GlitchTip, same protocol) when a DSN is
# set; otherwise server errors are e-mailed to ADMINS ("Name <address>", comma-separated).
SENTRY_DSN = env_str("SENTRY_DSN", "")
ADMINS = [
    (address.split("<")[0].strip() or address, address.split("<")[-1].rstrip(">").strip())
    for address in env_list("ADMINS", [])
]
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", ENV),
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        traces_sample_rate=0.0,
    )
elif ADMINS:
    LOGGING["loggers"]["django.request"] = {
        "handlers": ["console", "mail_admins"],
        "level": "ERROR",
        "propagate": False,
    }

ADMIN_URL = env_str("ADMIN_URL", "admin/")
if ADMIN_URL.startswith("/") or not ADMIN_URL.endswith("/"):
    raise ImproperlyConfigured(
        f"ADMIN_URL={ADMIN_URL!r} must be a relative path ending with a slash, e.g. 'quan-tri/'."
    )

# --- Implementation monitoring (issue 6) ----------------------------------------------------
# Facilities report progress every this many days after the contract (or their last report);
# the daily reminder task e-mails those whose report is due or overdue.
PROGRESS_REPORT_INTERVAL_DAYS = env_int("PROGRESS_REPORT_INTERVAL_DAYS", 30, minimum=1, maximum=366)
# From this month on, pages offer next year as the plan year (khuyencong.lib.dates.planning_year).
PLAN_SEASON_START_MONTH = env_int("PLAN_SEASON_START_MONTH", 7, minimum=1, maximum=12)

# --- Budget (issue 5) -------------------------------------------------------------------------
# Advances (tạm ứng) may not exceed this share of a proposal's confirmed allocation. The ceiling
# is not verified against the regulation (DESIGN §12), hence configurable.
ADVANCE_MAX_PERCENT = env_int("ADVANCE_MAX_PERCENT", 50, minimum=0, maximum=100)
# Allocations and disbursements waiting for Finance longer than this many days stand out on the
# reconciliation page.
RECONCILE_STALE_DAYS = env_int("RECONCILE_STALE_DAYS", 10, minimum=1)

# --- Proposal submission (issue 3) ----------------------------------------------------------
# Public dossier lookup: attempts per client IP (django-ratelimit, counted in the cache).
LOOKUP_RATE = env_str("LOOKUP_RATE", "10/m")
# Facility registrations sent per client IP (django-ratelimit): each answer says whether a
# username is taken, so a stranger must not be able to try them in bulk.
REGISTER_RATE = env_str("REGISTER_RATE", "10/h")
# The same client address as the login throttle: TRUSTED_PROXIES above.
RATELIMIT_IP_META_KEY = "khuyencong.client_ip.client_ip"

# --- Bounded work (issue 18, item 2) -----------------------------------------------------------
# Repeated rows one proposal may hold: each is one more row in every document of it. With
# 1,604 cost lines the dossier PDF took 170 s and 632 MB in a web worker.
MAX_COST_LINES = env_int("MAX_COST_LINES", 200, minimum=1)
MAX_ATTACHMENTS = env_int("MAX_ATTACHMENTS", 100, minimum=1)  # every version counts
MAX_PROGRESS_REPORTS = env_int("MAX_PROGRESS_REPORTS", 60, minimum=1)
# A document is rendered in the request only up to this many table rows; above, a Celery task
# builds it, stopped softly after DOCUMENT_SOFT_TIME_LIMIT seconds and killed after
# DOCUMENT_TIME_LIMIT.
DOCUMENT_DIRECT_MAX_ROWS = env_int("DOCUMENT_DIRECT_MAX_ROWS", 60, minimum=1)
DOCUMENT_SOFT_TIME_LIMIT = env_int("DOCUMENT_SOFT_TIME_LIMIT", 300, minimum=10)
DOCUMENT_TIME_LIMIT = env_int("DOCUMENT_TIME_LIMIT", 360, minimum=20)

# --- Reports (issue 7) ------------------------------------------------------------------------
# WeasyPrint logs every layout step at INFO; the documents' own errors still show.
LOGGING["loggers"]["weasyprint"] = {"level": "WARNING"}
LOGGING["loggers"]["fontTools"] = {"level": "WARNING"}
