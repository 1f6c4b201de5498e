"""Without an intermediate level (INTERMEDIATE_LEVEL = "none") the DIT activates facilities."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from khuyencong.models import AuditLog, Notification
from proposals.models import Facility
from tests.proposals.test_registration import TAX_10, login, register


@pytest.fixture
def world(commune_world, settings):
    settings.INTERMEDIATE_LEVEL = "none"
    return commune_world


@pytest.fixture
def pending(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(world)
    return Facility.objects.get(tax_code=TAX_10)


def as_user(world, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_the_registration_is_sent_to_the_dit_not_to_the_commune(world, pending):
    assert Notification.objects.filter(recipient=world.users["dit"]).count() == 1
    assert not Notification.objects.filter(recipient=world.users["district"]).exists()
    assert [m.to for m in mail.outbox] == [[world.users["dit"].email]]


def test_the_waiting_owner_is_told_the_dit_activates(world, pending):
    _, response = login("mocTanHanh")
    assert "Tài khoản cơ sở đang chờ Sở Công Thương kích hoạt." in response.content.decode()


def test_the_dit_lists_and_activates_the_registration(world, pending):
    client = as_user(world, "dit")
    listing = client.get(reverse("proposals:facility_pending")).content.decode()
    assert "Cơ sở mộc Tân Hạnh" in listing
    response = client.post(reverse("proposals:facility_activate", args=[pending.pk]))
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.reviewed_by) == ("active", world.users["dit"])
    row = AuditLog.objects.for_object(pending).get(action="facility.activate")
    assert row.actor == world.users["dit"]


def test_the_commune_officer_may_not_activate_any_more(world, pending):
    client = as_user(world, "district")
    assert client.get(reverse("proposals:facility_pending")).status_code == 403
    response = client.post(reverse("proposals:facility_activate", args=[pending.pk]))
    pending.refresh_from_db()
    assert (response.status_code, pending.status) == (403, "pending")


def test_the_dit_menu_links_the_registrations_and_the_landing_page_names_no_commune(world):
    html = as_user(world, "dit").get(reverse("proposals:dit_intake")).content.decode()
    assert reverse("proposals:facility_pending") in html
    landing = Client().get("/").content.decode()
    assert "nộp đề án khuyến công thẳng đến Sở Công Thương" in landing
    assert "UBND xã, phường" not in landing
