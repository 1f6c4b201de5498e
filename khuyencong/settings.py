"""Settings for the khuyến công portal, read from environment variables.

``DJANGO_ENV`` picks the mode: ``production`` (the default: everything must be configured),
``development`` (``make run``: SQLite, inline tasks, debug on) or ``test``.
See ``.env.example`` for every variable.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

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

INSTALLED_APPS = [
    "khuyencong",
    "khuyencong.catalogue",
    "proposals",
    "budgets",
    "reports",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "khuyencong.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Number of reverse proxies in front of gunicorn, so that axes locks the client's address and
# not the proxy's. Unset: REMOTE_ADDR is the client.
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0, minimum=0, maximum=5) or None

SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 60, minimum=5) * 60
SESSION_SAVE_EVERY_REQUEST = True  # idle expiry: each request pushes the deadline back
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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
REDIS_URL = env_url("REDIS_URL", ("redis", "rediss"))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    # No broker configured: run tasks inline, in the calling process.
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
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
INTERMEDIATE_LEVEL_NAME = env_str(
    "INTERMEDIATE_LEVEL_NAME",
    "UBND huyện" if INTERMEDIATE_LEVEL == "district" else "UBND xã, phường",
)
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO"),
    },
    "loggers": {"axes": {"level": "WARNING"}},
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
# Behind a reverse proxy, set RATELIMIT_IP_META_KEY (e.g. "HTTP_X_FORWARDED_FOR") so the
# limit counts clients, not the proxy.
RATELIMIT_IP_META_KEY = env_str("RATELIMIT_IP_META_KEY", "REMOTE_ADDR")

# --- Reports (issue 7) ------------------------------------------------------------------------
# WeasyPrint logs every layout step at INFO; the documents' own errors still show.
LOGGING["loggers"]["weasyprint"] = {"level": "WARNING"}
LOGGING["loggers"]["fontTools"] = {"level": "WARNING"}
