"""Facility self-registration, and its activation or refusal by the locality's officer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse
from stdnum.vn import mst

from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog, Locality, Role, User
from proposals.models import Facility
from proposals.services.facilities import facility_register
from tests.factories import FacilityFactory, FacilityOwnerFactory

PASSWORD = "Mat-khau-co-so-2026"


@pytest.fixture
def world(commune_world):
    # Since 1 July 2025 a facility registers at a commune: the districts are history.
    return commune_world


def tax_code(n: int) -> str:
    """A valid 10-digit tax number: a base whose check digit is a single digit (not 10)."""
    while True:
        base = f"03{n:07d}"
        check = mst.calc_check_digit(base)
        if len(check) == 1:
            return base + check
        n += 1


TAX_10 = tax_code(4242)
TAX_13 = f"{TAX_10}-001"


def form_data(world, **overrides) -> dict[str, str]:
    data = {
        "name": "Cơ sở mộc Tân Hạnh",
        "tax_code": TAX_10,
        "legal_form": "household",
        "locality": str(world.l1.pk),
        "address": "Ấp Tân Hạnh, xã Tân Hạnh, huyện Long Hồ",
        "representative": "Trương Văn Mộc",
        "representative_title": "Chủ cơ sở",
        "phone": "0270 3829 999",
        "email": "moc@example.vn",
        "main_products": "Bàn ghế gỗ",
        "username": "mocTanHanh",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def register(world, client=None, **overrides):
    return (client or Client()).post(reverse("proposals:register"), form_data(world, **overrides))


def login(username: str, password: str = PASSWORD):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    return client, response


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (TAX_10, TAX_10),
        (f" {TAX_10[:4]} {TAX_10[4:]} ", TAX_10),
        (TAX_13, TAX_10 + "001"),
        (TAX_10 + "001", TAX_10 + "001"),
    ],
)
def test_it_registers_a_pending_facility_with_the_compact_tax_number(
    world, django_capture_on_commit_callbacks, typed, stored
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(world, tax_code=typed)
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:register_done")
    facility = Facility.objects.get(tax_code=stored)
    assert facility.status == Facility.Status.PENDING
    assert facility.locality == world.l1
    assert facility.legal_form == "household"
    user = User.objects.get(username="mocTanHanh")
    assert (user.role, user.facility, user.is_active) == (Role.FACILITY, facility, False)
    assert user.check_password(PASSWORD)
    row = AuditLog.objects.for_object(facility).get()
    assert (row.action, row.actor) == ("facility.register", user)
    # The officer of that locality, and only that one, hears about it.
    assert [m.to for m in mail.outbox] == [[world.users["district"].email]]
    assert "Cơ sở mới đăng ký chờ kích hoạt" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("012345678", "Mã số thuế phải có 10 chữ số, 13 chữ số đối với chi nhánh"),
        ("01234567890", "Mã số thuế phải có 10 chữ số, 13 chữ số đối với chi nhánh"),
        (TAX_10[:9] + str((int(TAX_10[9]) + 1) % 10), "chữ số kiểm tra không đúng"),
        ("01002A3488", "Mã số thuế chỉ gồm chữ số."),
        ("MST0100233488", "Mã số thuế chỉ gồm chữ số."),
    ],
)
def test_it_refuses_an_invalid_tax_number(world, typed, message):
    response = register(world, tax_code=typed)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors["tax_code"]
    assert not Facility.objects.filter(name="Cơ sở mộc Tân Hạnh").exists()
    assert not User.objects.filter(username="mocTanHanh").exists()


def test_a_taken_tax_number_is_not_confirmed_to_a_stranger_but_mailed_to_the_address(world):
    FacilityFactory(tax_code=TAX_10, locality=world.l2)
    new = register(world, tax_code=tax_code(5151), username="khac")
    response = register(world, tax_code=f"{TAX_10[:5]}.{TAX_10[5:]}")
    # The same answer as a new registration: nothing tells that the tax number has an account.
    assert (response.status_code, response["Location"]) == (new.status_code, new["Location"])
    assert Facility.objects.filter(tax_code=TAX_10).count() == 1
    assert not User.objects.filter(username="mocTanHanh").exists()
    taken = [m for m in mail.outbox if m.to == ["moc@example.vn"]]
    assert len(taken) == 1
    assert f"mã số thuế {TAX_10}" in taken[0].body
    assert "hãy liên hệ UBND xã, phường nơi cơ sở hoạt động" in taken[0].body


def test_registration_is_rate_limited_per_client(world, settings):
    settings.REGISTER_RATE = "3/h"
    client = Client()
    for index in range(3):
        register(world, client, username=f"thu{index}", tax_code="sai")
    response = register(world, client)
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert not User.objects.filter(username="mocTanHanh").exists()


def test_the_password_reset_link_comes_from_the_portal_address_not_the_host(world, settings):
    settings.PORTAL_BASE_URL = "https://khuyencong.example.gov.vn"
    settings.ALLOWED_HOSTS = ["*"]
    FacilityOwnerFactory(email="chu@example.vn")
    Client().post(reverse("password_reset"), {"email": "chu@example.vn"}, HTTP_HOST="evil.example")
    body = mail.outbox[-1].body
    assert "https://khuyencong.example.gov.vn/accounts/password/reset/" in body
    assert "evil.example" not in body


def test_a_branch_is_not_a_duplicate_of_its_head_office(world):
    FacilityFactory(tax_code=TAX_10)
    assert register(world, tax_code=TAX_13).status_code == 302


def test_it_refuses_a_taken_username_case_insensitively(world):
    FacilityOwnerFactory(username="moctanhanh")
    response = register(world)
    assert response.status_code == 200
    assert "Tên đăng nhập này đã có người dùng." in response.content.decode()


def test_the_service_refuses_a_duplicate_that_raced_past_the_form(world):
    FacilityFactory(tax_code=TAX_10)
    with pytest.raises(ServiceError, match="đã được đăng ký"):
        facility_register(
            username="racer",
            password=PASSWORD,
            email="r@example.vn",
            full_name="Người đua",
            facility_data={
                "name": "Cơ sở đua",
                "tax_code": TAX_10,
                "legal_form": "sme",
                "locality": world.l1,
                "address": "x",
                "representative": "y",
                "phone": "0909000000",
                "email": "r@example.vn",
            },
        )
    assert not User.objects.filter(username="racer").exists()


@pytest.mark.parametrize(
    "missing",
    [
        "name",
        "tax_code",
        "legal_form",
        "locality",
        "address",
        "representative",
        "phone",
        "email",
        "username",
        "password1",
        "password2",
    ],
)
def test_it_requires_every_mandatory_field(world, missing):
    response = register(world, **{missing: ""})
    assert response.status_code == 200
    assert response.context["form"].errors[missing]
    assert "Vui lòng sửa các lỗi được đánh dấu bên dưới." in response.content.decode()
    assert not Facility.objects.filter(name="Cơ sở mộc Tân Hạnh").exists()


def test_it_refuses_mismatched_or_weak_passwords_and_bad_contacts(world):
    response = register(world, password2="khac-hoan-toan-2026")
    assert "Hai mật khẩu không khớp." in response.content.decode()
    response = register(world, password1="12345678", password2="12345678")
    assert response.context["form"].errors["password1"]
    response = register(world, phone="abc", email="khong-phai-email")
    assert "Số điện thoại không hợp lệ." in response.content.decode()
    assert response.context["form"].errors["email"]
    assert not Facility.objects.filter(tax_code=TAX_10).exists()


def test_it_offers_only_the_communes_in_force_today(world, settings):
    settings.INTERMEDIATE_LEVEL = "commune"
    response = Client().get(reverse("proposals:register"))
    choices = {str(label) for _, label in response.context["form"].fields["locality"].choices}
    assert "Xã Cái Nhum" in choices and "Xã Nhơn Phú" in choices
    assert "Phường Long Châu" in choices
    assert len(choices) == 124 + 1  # the 124 xã and phường of Vĩnh Long, and the empty choice
    assert "Huyện Long Hồ" not in choices  # abolished on 1/7/2025
    assert "Tỉnh Vĩnh Long" not in choices
    world.l2.is_active = False
    world.l2.save(update_fields=["is_active"])
    assert register(world, locality=str(world.l2.pk)).context["form"].errors["locality"]


def test_a_closed_district_is_refused_even_if_posted(world):
    long_ho = Locality.objects.get(code="857")
    response = register(world, locality=str(long_ho.pk))
    assert response.context["form"].errors["locality"]
    assert not Facility.objects.filter(name="Cơ sở mộc Tân Hạnh").exists()


def test_with_the_district_level_configured_it_offers_districts_in_force_on_the_day(
    world, settings
):
    settings.INTERMEDIATE_LEVEL = "district"
    long_ho = Locality.objects.get(code="857")
    form = Client().get(reverse("proposals:register")).context["form"]
    assert list(form.fields["locality"].queryset) == []  # none is in force on 30/11/2026
    long_ho.valid_to = None
    long_ho.save(update_fields=["valid_to"])
    form = Client().get(reverse("proposals:register")).context["form"]
    assert [str(x) for x in form.fields["locality"].queryset] == ["Huyện Long Hồ"]


# --- real-world tax codes (../shared/realworld/tax_codes.json) --------------------------------

REALWORLD = Path(settings.BASE_DIR).parent / "shared" / "realworld"


def realworld_tax_codes() -> list[dict]:
    return json.loads((REALWORLD / "tax_codes.json").read_text(encoding="utf-8"))["codes"]


@pytest.mark.parametrize("case", realworld_tax_codes(), ids=lambda c: c["code"])
def test_real_world_tax_codes_through_the_registration_view(world, case):
    legal_form = "household" if case["legal_form"] == "household business" else "sme"
    response = register(world, tax_code=case["code"], legal_form=legal_form)
    stored = case["code"].replace("-", "")
    if case["valid"]:
        assert response.status_code == 302, case["why"]
        assert Facility.objects.get(tax_code=stored).legal_form == legal_form
    else:
        assert response.status_code == 200
        assert response.context["form"].errors["tax_code"] == [
            "Mã số thuế không hợp lệ: chữ số kiểm tra không đúng."
        ]
        assert not Facility.objects.filter(tax_code=stored).exists()


def test_a_personal_identification_number_is_for_household_businesses_only(world):
    response = register(world, tax_code="086123456789", legal_form="sme")
    assert response.status_code == 200
    assert response.context["form"].errors["tax_code"] == [
        "Số định danh cá nhân 12 chữ số chỉ dùng làm mã số thuế cho hộ kinh doanh; doanh "
        "nghiệp và hợp tác xã nhập mã số thuế 10 hoặc 13 chữ số."
    ]
    assert not Facility.objects.exists() or not Facility.objects.filter(
        tax_code="086123456789"
    ).exists()


def test_a_personal_identification_number_with_an_unknown_province_code_is_refused(world):
    response = register(world, tax_code="099123456789")  # 099 is no province's code
    assert response.status_code == 200
    assert "ba chữ số đầu không phải mã tỉnh nơi đăng ký khai sinh" in response.content.decode()
    assert not Facility.objects.filter(tax_code="099123456789").exists()


def test_the_account_cannot_log_in_until_activated(world):
    register(world)
    client, response = login("mocTanHanh")
    assert response.status_code == 200
    assert "Tài khoản cơ sở đang chờ UBND xã Cái Nhum kích hoạt." in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_wrong_password_on_a_pending_account_says_only_wrong_password(world):
    register(world)
    _, response = login("mocTanHanh", "khong-dung-2026")
    body = response.content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in body
    assert "chờ" not in body


# --- activation and refusal ------------------------------------------------------------------


@pytest.fixture
def pending(world):
    register(world)
    return Facility.objects.get(tax_code=TAX_10)


def officer_client(world, persona="district") -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_the_officer_lists_pending_registrations_of_its_locality_only(world, pending):
    FacilityFactory(locality=world.l2, status="pending", name="Cơ sở huyện khác")
    body = officer_client(world).get(reverse("proposals:facility_pending")).content.decode()
    assert "Cơ sở mộc Tân Hạnh" in body
    assert TAX_10 in body
    assert "Cơ sở huyện khác" not in body


def test_the_pending_list_has_an_empty_state(world):
    body = officer_client(world).get(reverse("proposals:facility_pending")).content.decode()
    assert "Không có cơ sở nào chờ kích hoạt." in body


def test_the_pending_list_does_not_grow_queries_with_rows(world, django_assert_max_num_queries):
    client = officer_client(world)
    for _ in range(2):
        FacilityFactory(locality=world.l1, status="pending")
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("proposals:facility_pending"))
    for _ in range(18):
        FacilityFactory(locality=world.l1, status="pending")
        FacilityFactory(locality=world.l1, status="refused")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("proposals:facility_pending"))


def test_the_officer_activates_and_the_facility_is_told(
    world, pending, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client(world).post(
            reverse("proposals:facility_activate", args=[pending.pk]), follow=True
        )
    assert "Đã kích hoạt tài khoản cơ sở Cơ sở mộc Tân Hạnh." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Facility.Status.ACTIVE
    assert pending.reviewed_by == world.users["district"]
    assert User.objects.get(username="mocTanHanh").is_active
    assert [m.to for m in mail.outbox] == [["moc@example.vn"]]
    assert "đã được kích hoạt" in mail.outbox[0].subject
    row = AuditLog.objects.for_object(pending).get(action="facility.activate")
    assert row.actor == world.users["district"]
    assert row.before["status"] == "pending"
    assert row.after["status"] == "active"
    # And now the owner can log in.
    client, response = login("mocTanHanh")
    assert response.status_code == 302
    assert SESSION_KEY in client.session


def test_the_officer_refuses_with_a_reason_and_the_facility_is_told(
    world, pending, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client(world).post(
            reverse("proposals:facility_refuse", args=[pending.pk]),
            {"reason": "Cơ sở không hoạt động trên địa bàn huyện."},
        )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Facility.Status.REFUSED
    assert pending.refusal_reason == "Cơ sở không hoạt động trên địa bàn huyện."
    assert not User.objects.get(username="mocTanHanh").is_active
    assert [m.to for m in mail.outbox] == [["moc@example.vn"]]
    assert "không được chấp nhận" in mail.outbox[0].subject
    assert "Cơ sở không hoạt động trên địa bàn huyện." in mail.outbox[0].body
    row = AuditLog.objects.for_object(pending).get(action="facility.refuse")
    assert row.note == "Cơ sở không hoạt động trên địa bàn huyện."
    assert (row.before["status"], row.after["status"]) == ("pending", "refused")
    # The login page says why.
    _, response = login("mocTanHanh")
    body = response.content.decode()
    assert "Đăng ký cơ sở đã bị từ chối. Lý do: Cơ sở không hoạt động trên địa bàn huyện." in body


@pytest.mark.parametrize("reason", ["", "   "])
def test_refusal_requires_a_reason(world, pending, reason):
    response = officer_client(world).post(
        reverse("proposals:facility_refuse", args=[pending.pk]), {"reason": reason}
    )
    assert response.status_code == 400
    assert response.context["refusal_form"].errors["reason"]
    pending.refresh_from_db()
    assert pending.status == Facility.Status.PENDING
    assert not AuditLog.objects.filter(action="facility.refuse").exists()


def test_an_officer_of_another_locality_gets_404(world, pending):
    client = officer_client(world, "district_other")
    assert client.get(reverse("proposals:facility_detail", args=[pending.pk])).status_code == 404
    for name in ("proposals:facility_activate", "proposals:facility_refuse"):
        response = client.post(reverse(name, args=[pending.pk]), {"reason": "Không"})
        assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == Facility.Status.PENDING


@pytest.mark.parametrize("persona", ["dit", "leader", "finance", "admin"])
def test_other_roles_may_see_but_not_activate(world, pending, persona):
    client = officer_client(world, persona)
    response = client.get(reverse("proposals:facility_detail", args=[pending.pk]))
    assert response.status_code == 200
    assert "Kích hoạt tài khoản" not in response.content.decode()
    for name in ("proposals:facility_activate", "proposals:facility_refuse"):
        assert client.post(reverse(name, args=[pending.pk]), {"reason": "x"}).status_code == 403
    pending.refresh_from_db()
    assert pending.status == Facility.Status.PENDING


def test_a_registration_is_reviewed_only_once(world, pending):
    client = officer_client(world)
    client.post(reverse("proposals:facility_activate", args=[pending.pk]))
    response = client.post(
        reverse("proposals:facility_refuse", args=[pending.pk]), {"reason": "Muộn"}, follow=True
    )
    assert "Đăng ký này đã được xử lý." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Facility.Status.ACTIVE
    assert AuditLog.objects.filter(action__in=["facility.activate", "facility.refuse"]).count() == 1


def test_the_detail_page_shows_the_review_buttons_to_the_right_officer(world, pending):
    body = (
        officer_client(world)
        .get(reverse("proposals:facility_detail", args=[pending.pk]))
        .content.decode()
    )
    assert "Kích hoạt tài khoản" in body and "Từ chối đăng ký" in body
