"""Issue 18 (7): officials sign in with a password and a second factor (TOTP, backup codes)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog
from khuyencong.services_otp import otp_device_confirm, otp_device_reset, otp_device_start
from khuyencong.two_factor import totp_now
from tests.factories import (
    PASSWORD,
    AdminFactory,
    CouncilFactory,
    DistrictOfficerFactory,
    DitFactory,
    FacilityOwnerFactory,
    FinanceFactory,
    LeaderFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.real_second_factor]

REQUIRED = [DitFactory, LeaderFactory, CouncilFactory, FinanceFactory, AdminFactory]
OPTIONAL = [FacilityOwnerFactory, DistrictOfficerFactory]


def sign_in(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = otp_device_start(user=user)
    return otp_device_confirm(user=user, token=totp_now(device))


def fresh_token(device: TOTPDevice) -> str:
    # A token is accepted once per 30-second step (replay protection), and a failure makes
    # the device wait a second before the next try (throttling): forget both.
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    device.refresh_from_db()
    return totp_now(device)


@pytest.mark.parametrize("factory", REQUIRED, ids=lambda f: f.__name__)
def test_an_official_without_a_device_is_sent_to_enrolment_from_every_page(factory):
    client = sign_in(factory())
    for url in ("/", reverse("dashboard"), reverse("notifications"), "/reports/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("otp_setup")), url


@pytest.mark.parametrize("factory", OPTIONAL, ids=lambda f: f.__name__)
def test_facilities_and_officers_may_work_without_a_device(factory):
    client = sign_in(factory())
    assert client.get(reverse("notifications")).status_code == 200


def test_enrolment_shows_a_qr_code_and_the_secret_and_gives_ten_backup_codes():
    user = DitFactory()
    client = sign_in(user)
    page = client.get(reverse("otp_setup"))
    assert page.status_code == 200
    assert "Khóa bí mật" in page.content.decode()
    qr = client.get(reverse("otp_setup_qr"))
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<svg")

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("otp_setup"), {"token": "000000", "next": "/notifications/"})
    assert "Mã xác thực không đúng" in response.content.decode()
    response = client.post(
        reverse("otp_setup"), {"token": totp_now(device), "next": "/notifications/"}
    )
    assert response.status_code == 302
    codes_page = client.get(response["Location"])
    codes = StaticDevice.objects.get(user=user).token_set.values_list("token", flat=True)
    assert len(codes) == 10
    assert all(code in codes_page.content.decode() for code in codes)
    # Shown once; the session is verified and the pages open.
    assert client.get(reverse("otp_backup_codes")).status_code == 302
    assert client.get(reverse("notifications")).status_code == 200
    assert AuditLog.objects.filter(action="otp.enrol", object_id=str(user.pk)).count() == 1


def test_an_enrolled_official_must_give_the_token_after_the_password():
    user = LeaderFactory()
    device, codes = enrolled(user)
    client = sign_in(user)
    response = client.get(reverse("notifications"))
    assert response["Location"].startswith(reverse("otp_verify"))
    # Enrolling a new device instead of giving the token is refused.
    assert client.get(reverse("otp_setup"))["Location"] == reverse("otp_verify")

    wrong = client.post(reverse("otp_verify"), {"token": "123456", "next": "/notifications/"})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    right = client.post(
        reverse("otp_verify"), {"token": fresh_token(device), "next": "/notifications/"}
    )
    assert right["Location"] == "/notifications/"
    assert client.get(reverse("notifications")).status_code == 200


def test_a_backup_code_works_once():
    user = FinanceFactory()
    _device, codes = enrolled(user)
    client = sign_in(user)
    assert client.post(reverse("otp_verify"), {"token": codes[0]}).status_code == 302
    assert client.get(reverse("notifications")).status_code == 200
    again = sign_in(user)
    reused = again.post(reverse("otp_verify"), {"token": codes[0]})
    assert reused.status_code == 200
    assert "Mã xác thực không đúng" in reused.content.decode()


def test_a_facility_that_enrolled_must_give_its_token_too():
    user = FacilityOwnerFactory()
    enrolled(user)
    response = sign_in(user).get(reverse("notifications"))
    assert response["Location"].startswith(reverse("otp_verify"))


def test_the_token_page_refuses_a_foreign_next_address():
    user = DitFactory()
    device, _codes = enrolled(user)
    client = sign_in(user)
    response = client.post(
        reverse("otp_verify"), {"token": fresh_token(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_an_admin_resets_a_lost_device_audited_and_the_user_enrols_again():
    admin, user = AdminFactory(), DitFactory()
    enrolled(user)
    verified = sign_in(user)
    assert otp_device_reset(actor=admin, user=user) == 2
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    row = AuditLog.objects.get(action="otp.reset")
    assert (row.actor, row.object_id) == (admin, str(user.pk))
    # The session opened with the lost device is over; the next sign-in enrols again.
    assert verified.get(reverse("notifications"))["Location"].startswith(reverse("login"))
    response = sign_in(user).get(reverse("notifications"))
    assert response["Location"].startswith(reverse("otp_setup"))


def test_only_an_admin_may_reset_a_device():
    user = DitFactory()
    enrolled(user)
    with pytest.raises(ServiceError, match="Chỉ quản trị hệ thống"):
        otp_device_reset(actor=LeaderFactory(), user=user)
    assert TOTPDevice.objects.filter(user=user).exists()


def test_the_user_admin_has_the_reset_action():
    admin, user = AdminFactory(), CouncilFactory()
    enrolled(user)
    client = Client()
    client.force_login(admin)
    from tests.conftest import pass_second_factor

    pass_second_factor(client, admin)
    response = client.post(
        reverse("admin:khuyencong_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [user.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_force_login_without_the_marker_gives_a_verified_session(request):
    # The conftest fixture is off in this module; the helper it uses is what tests rely on.
    from tests.conftest import pass_second_factor

    user = DitFactory()
    client = Client()
    client.force_login(user)
    assert client.get(reverse("notifications")).status_code == 302
    pass_second_factor(client, user)
    assert client.get(reverse("notifications")).status_code == 200
