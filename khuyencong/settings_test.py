"""Settings for the test suite: the real settings in ``test`` mode, made fast and hermetic."""

import os
import tempfile

os.environ.setdefault("DJANGO_ENV", "test")

from khuyencong.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kc-test-media-"))  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# Tasks run inline in tests even when REDIS_URL points at a real Redis: the broker itself is
# exercised by the smoke test, not by every unit test.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not memory: the live server's thread and the tests then see the same database
    # through separate connections, as they would on PostgreSQL.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
    # The browser tests write from the live server's thread while the test thread reads and
    # writes too: a transaction that starts as a read and later writes cannot wait for the
    # other's lock ("database is locked" at once). Taking the write lock at BEGIN makes the
    # second writer wait instead, up to the timeout. (CI runs them on PostgreSQL.)
    DATABASES["default"].setdefault("OPTIONS", {}).update(  # noqa: F405
        {"transaction_mode": "IMMEDIATE", "timeout": 30}
    )
