"""A Redis cache that degrades to "no cache" while Redis is unreachable.

The cache only ever saves work (dashboards, plan snapshots, rate-limit counters): a page that
cannot read it must be computed, not answered with a 500. Every error of the Redis client is
logged (once a minute per process, so an outage does not flood the log) and turned into a miss.
Rate limits counted in the cache are not enforced during the outage (fail open): refusing every
public lookup because Redis restarts would be worse.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

LOG_EVERY_SECONDS = 60.0


class ResilientRedisCache(RedisCache):
    _last_logged = 0.0

    def _failed(self, operation: str, exc: Exception) -> None:
        now = time.monotonic()
        if now - ResilientRedisCache._last_logged >= LOG_EVERY_SECONDS:
            ResilientRedisCache._last_logged = now
            logger.error("Cache unavailable (%s: %s): serving uncached", operation, exc)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except Exception as exc:  # noqa: BLE001 - any client error is a miss
            self._failed("get", exc)
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except Exception as exc:  # noqa: BLE001
            self._failed("get_many", exc)
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except Exception as exc:  # noqa: BLE001
            self._failed("has_key", exc)
            return False

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        try:
            super().set(key, value, timeout, version)
        except Exception as exc:  # noqa: BLE001
            self._failed("set", exc)

    def set_many(
        self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except Exception as exc:  # noqa: BLE001
            self._failed("set_many", exc)
            return list(data)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except Exception as exc:  # noqa: BLE001
            self._failed("add", exc)
            return False

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except ValueError:
            raise
        except Exception as exc:  # noqa: BLE001
            self._failed("incr", exc)
            # What Django raises for a missing key: callers (django-ratelimit) start afresh.
            raise ValueError(f"Key {key!r} not found (cache unavailable)") from exc

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except Exception as exc:  # noqa: BLE001
            self._failed("touch", exc)
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except Exception as exc:  # noqa: BLE001
            self._failed("delete", exc)
            return False

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except Exception as exc:  # noqa: BLE001
            self._failed("delete_many", exc)

    def clear(self) -> bool:
        try:
            return super().clear()
        except Exception as exc:  # noqa: BLE001
            self._failed("clear", exc)
            return False
