"""The demo data of `make run`: one user per role, two localities, idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from khuyencong import demo
from khuyencong.models import Role, User
from proposals.models import Facility

pytestmark = pytest.mark.django_db

EXPECTED = {
    "facility1": Role.FACILITY,
    "facility2": Role.FACILITY,
    "district1": Role.DISTRICT,
    "district2": Role.DISTRICT,
    "dit1": Role.DIT,
    "ditlead1": Role.LEADER,
    "council1": Role.COUNCIL,
    "council2": Role.COUNCIL,
    "finance1": Role.FINANCE,
    "admin": Role.ADMIN,
}


def state() -> list[tuple]:
    users = User.objects.order_by("username").values_list(
        "username", "role", "password", "facility__tax_code", "locality__code", "is_active"
    )
    facilities = Facility.objects.order_by("tax_code").values_list("tax_code", "status", "name")
    return [*users, *facilities]


def test_load_demo_prints_the_logins_and_the_shared_password():
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    assert f"password for all: {demo.DEMO_PASSWORD}" in printed
    for username in EXPECTED:
        assert f"  {username} " in printed


def test_load_demo_twice_changes_nothing():
    call_command("load_demo", stdout=StringIO())
    first = state()
    call_command("load_demo", stdout=StringIO())
    assert state() == first


def test_demo_users_have_their_roles_and_organisations():
    call_command("load_demo", stdout=StringIO())
    users = {u.username: u for u in User.objects.select_related("facility", "locality")}
    assert {name: users[name].role for name in EXPECTED} == EXPECTED
    assert users["facility1"].facility.locality.code == users["district1"].locality.code == "857"
    assert users["facility2"].facility.locality.code == users["district2"].locality.code == "858"
    assert users["facility1"].facility.status == Facility.Status.ACTIVE


@pytest.mark.parametrize("username", EXPECTED)
def test_every_demo_user_logs_in_with_the_shared_password(username):
    call_command("load_demo", stdout=StringIO())
    response = Client().post(
        reverse("login"), {"username": username, "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302, username
