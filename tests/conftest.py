from __future__ import annotations

import datetime as dt
import os

import pytest
from django.db import connection
from hypothesis import Phase
from hypothesis import settings as hypothesis_settings

from tests.factories import (
    AdminFactory,
    CouncilFactory,
    DistrictOfficerFactory,
    DitFactory,
    FacilityFactory,
    FacilityOwnerFactory,
    FinanceFactory,
    LeaderFactory,
    locality,
)
from tests.matrix import World

# Mutation runs (.ci/mutation sets HYPOTHESIS_PROFILE=mutation): the first failing example kills
# the mutant; shrinking it to the smallest one would only cost minutes per mutant.
hypothesis_settings.register_profile(
    "mutation", phases=[Phase.explicit, Phase.reuse, Phase.generate]
)
if os.environ.get("HYPOTHESIS_PROFILE"):
    hypothesis_settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])


@pytest.fixture(autouse=True)
def _default_language():
    # A request in English (the language switcher tests) leaves English active in the test
    # thread; every test starts in the portal's language.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db) -> World:
    """Two localities with a facility and an officer each, and one user of every other role.

    ``facility`` and ``district`` are the owner and the colleague of every object a test makes;
    ``facility_other`` and ``district_other`` are the outsiders of another locality.
    """
    return make_world(locality("857"), locality("858"))


@pytest.fixture
def commune_world(db) -> World:
    """The same personas in two communes of the new Vĩnh Long (2025 map): Xã Cái Nhum and
    Xã Nhơn Phú."""
    return make_world(locality("29641"), locality("29623"))


def make_world(l1, l2) -> World:
    return World(
        l1=l1,
        l2=l2,
        users={
            "facility": FacilityOwnerFactory(
                username="owner", facility=FacilityFactory(locality=l1, name="Cơ sở A")
            ),
            "facility_other": FacilityOwnerFactory(
                username="outsider", facility=FacilityFactory(locality=l2, name="Cơ sở B")
            ),
            "district": DistrictOfficerFactory(username="officer", locality=l1),
            "district_other": DistrictOfficerFactory(username="officer2", locality=l2),
            "dit": DitFactory(username="dit"),
            "leader": LeaderFactory(username="leader"),
            "council": CouncilFactory(username="council"),
            "finance": FinanceFactory(username="finance"),
            "admin": AdminFactory(username="admin"),
        },
    )


requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (row locks across connections, triggers, pg_dump): `make test` "
    "runs on SQLite; CI sets DATABASE_URL and refuses to run without PostgreSQL",
)


def pytest_sessionstart(session: pytest.Session) -> None:
    # Under CI the PostgreSQL-only tests must run, never skip: a missing DATABASE_URL would
    # otherwise turn them into silent skips.
    if os.environ.get("CI") and connection.vendor != "postgresql":
        raise pytest.UsageError("CI runs the suite on PostgreSQL: set DATABASE_URL to one.")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Transactional tests (live server, concurrency) flush the database when they end.

    The reference data that migrations seed (localities, catalogue, schedules) must survive
    that, so every transactional test gets a serialized rollback: the seeded rows are restored
    at its start. pytest-django already runs these tests after the others.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        transactional = (marker is not None and marker.kwargs.get("transaction")) or (
            "transactional_db" in fixtures or "live_server" in fixtures
        )
        if transactional:
            kwargs = dict(marker.kwargs) if marker is not None else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits (public dossier lookup) count in the cache: each test starts from zero.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _celery_join_flag():
    """Celery's eager mode marks "inside a task" in a process-wide flag; two threads queueing
    tasks at once (the concurrency tests) can leave it set, and every later ``.get()`` would be
    refused. Each test starts with it cleared."""
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def _portal_celery_app_is_current():
    """A client app made by a worker test (``Celery(broker=...)``) would otherwise become the
    current app, and every ``shared_task`` queued afterwards would go to its broker instead of
    running eagerly in the test."""
    from khuyencong.celery import app

    app.set_current()


@pytest.fixture
def budget_day(monkeypatch):
    """Money documents are dated against today (``budgets.services.vouchers._today``);
    the budget tests live in plan year 2027, so "today" is 30/06/2027 for them. Call the
    fixture's value with another date to move the day."""

    def set_day(day: dt.date) -> None:
        monkeypatch.setattr("budgets.services.vouchers._today", lambda: day)

    set_day(dt.date(2027, 6, 30))
    return set_day


def pass_second_factor(client, user) -> None:
    """Make ``client``'s session one that passed the second factor, as after a real token."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from khuyencong.two_factor import HAS_DEVICE_SESSION_KEY

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Thử nghiệm", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[HAS_DEVICE_SESSION_KEY] = True
    session.save()


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(request, monkeypatch):
    """Officials must sign in with a second factor (khuyencong/two_factor.py). Thousands of
    tests sign them in with ``client.force_login(user)``: that also gives them a verified
    session, as after the token page. Tests of the second factor itself are marked
    ``real_second_factor`` and go through the real login."""
    if request.node.get_closest_marker("real_second_factor"):
        return
    from django.test import Client

    from khuyencong.two_factor import otp_required

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if otp_required(user):
            pass_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
