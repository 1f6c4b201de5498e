"""Small, strict readers for configuration from environment variables.

Each helper raises ``ImproperlyConfigured`` with the variable's name and the value it could not
use, so a typo in production fails at start-up rather than silently falling back to a default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_MISSING = object()


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    source = os.environ if environ is None else environ
    value = source.get(name)
    return None if value is None else value.strip()


def env_str(
    name: str,
    default: str | object = _MISSING,
    *,
    environ: Mapping[str, str] | None = None,
) -> str:
    value = _raw(name, environ)
    if value:
        return value
    if default is _MISSING:
        raise ImproperlyConfigured(f"Environment variable {name} is required but not set.")
    return default  # type: ignore[return-value]


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name}={value!r} is not a boolean (use 1/0, true/false, yes/no)."
    )


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    value = _raw(name, environ)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} is not a whole number."
        ) from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"Environment variable {name}={number} is below {minimum}.")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"Environment variable {name}={number} is above {maximum}.")
    return number


def env_list(
    name: str, default: list[str], *, environ: Mapping[str, str] | None = None
) -> list[str]:
    value = _raw(name, environ)
    if value is None:
        return default
    if value == "":
        # Set but empty: explicitly nothing (an empty line in an env file means that).
        return []
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} has an empty item in its comma-separated list."
        )
    return items


def env_choice(
    name: str,
    choices: tuple[str, ...],
    default: str,
    *,
    environ: Mapping[str, str] | None = None,
) -> str:
    value = _raw(name, environ)
    if value is None or value == "":
        return default
    if value not in choices:
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} must be one of: {', '.join(choices)}."
        )
    return value


def env_url(
    name: str,
    schemes: tuple[str, ...],
    *,
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """A URL whose scheme is one of ``schemes``, or None when the variable is unset or empty."""
    value = _raw(name, environ)
    if not value:
        return None
    scheme, sep, rest = value.partition("://")
    if not sep or scheme not in schemes or not rest:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be a URL starting with one of "
            f"{', '.join(s + '://' for s in schemes)}; got {value!r}."
        )
    return value
