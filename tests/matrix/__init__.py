"""The permission matrix: every URL of the project × every persona → expected status.

Each app contributes a module of ``Case`` rows; ``ALL_CASES`` gathers them. A URL the resolver
knows but no case covers fails ``test_every_url_is_covered``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from khuyencong.models import Locality, User

PERSONAS = (
    "anon",
    "facility",
    "facility_other",
    "district",
    "district_other",
    "dit",
    "leader",
    "council",
    "finance",
    "admin",
)

# Shorthands for expected statuses.
OK, REDIRECT, LOGIN, FORBIDDEN, NOT_FOUND, BAD = 200, 302, "login", 403, 404, 400


@dataclass
class World:
    l1: Locality
    l2: Locality
    users: dict[str, User]
    objects: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """One URL: how to build its arguments in a world, and what each persona gets."""

    url_name: str
    expect: dict[str, int | str]
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    method: str = "get"
    data: Callable[[World], dict[str, Any]] = lambda w: {}
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.method}:{self.url_name}{':' + self.label if self.label else ''}"


def everyone(status: int | str, **overrides: int | str) -> dict[str, int | str]:
    table: dict[str, int | str] = dict.fromkeys(PERSONAS, status)
    table.update(overrides)
    return table


def logged_in(status: int | str, **overrides: int | str) -> dict[str, int | str]:
    return everyone(status, anon=LOGIN, **overrides)


def only(
    status: int | str, roles: tuple[str, ...], others: int | str = FORBIDDEN, **overrides: int | str
) -> dict[str, int | str]:
    table = logged_in(others)
    for role in roles:
        table[role] = status
    table.update(overrides)
    return table


def all_cases() -> list[Case]:
    from tests.matrix import core, facilities, proposals, reports

    modules = [core, facilities, proposals, reports]
    return [case for module in modules for case in module.CASES]
