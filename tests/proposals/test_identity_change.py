"""Issue 18 (5): a facility's legal name, tax number and locality change only by a request the
intermediate officer of its locality approves; audited; the public list shows the approved
name until then."""

from __future__ import annotations

import pytest
from django.urls import reverse

from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog
from proposals.models import Facility, FacilityIdentityChange
from proposals.services.identity import (
    facility_identity_approve,
    facility_identity_refuse,
    facility_identity_request,
)
from tests.factories import FacilityFactory, ProposalFactory, valid_tax_code

pytestmark = pytest.mark.django_db
NEW_TAX = valid_tax_code(777)


def ask(world, **overrides):
    data = {
        "actor": world.users["facility"],
        "name": "Cơ sở A Hoàng Long (đổi tên)",
        "tax_code": NEW_TAX,
        "locality": world.l2,
        "reason": "Giấy chứng nhận đăng ký số 123 ngày 01/11/2026.",
    }
    data.update(overrides)
    return facility_identity_request(**data)


def public_names(client, year: int) -> str:
    return client.get(reverse("reports:public_list_csv"), {"year": year}).content.decode()


def test_a_request_changes_nothing_until_the_officer_approves(world, client):
    facility = world.users["facility"].facility
    ProposalFactory(facility=facility, state="approved", plan_year=2026, approved_amount=10**8)
    old_tax = facility.tax_code
    change = ask(world)
    facility.refresh_from_db()
    assert (facility.name, facility.tax_code, facility.locality) == ("Cơ sở A", old_tax, world.l1)
    assert "Cơ sở A," in public_names(client, 2026)
    assert "đổi tên" not in public_names(client, 2026)

    facility_identity_approve(actor=world.users["district"], change=change, note="Đúng giấy tờ.")
    facility.refresh_from_db()
    assert (facility.name, facility.tax_code, facility.locality) == (
        "Cơ sở A Hoàng Long (đổi tên)",
        NEW_TAX,
        world.l2,
    )
    assert "Cơ sở A Hoàng Long (đổi tên)" in public_names(client, 2026)
    actions = list(
        AuditLog.objects.filter(object_id=str(facility.pk)).values_list("action", flat=True)
    )
    assert {"facility.identity_request", "facility.identity_approve"} <= set(actions)


def test_a_refusal_keeps_the_identity_and_needs_a_reason(world):
    facility = world.users["facility"].facility
    change = ask(world)
    with pytest.raises(ServiceError, match="lý do không duyệt"):
        facility_identity_refuse(actor=world.users["district"], change=change, note=" ")
    facility_identity_refuse(actor=world.users["district"], change=change, note="Thiếu giấy tờ.")
    facility.refresh_from_db()
    assert facility.name == "Cơ sở A"
    change.refresh_from_db()
    assert change.status == FacilityIdentityChange.Status.REFUSED
    assert AuditLog.objects.filter(action="facility.identity_refuse").count() == 1


def test_only_the_officer_of_the_facilitys_locality_decides(world):
    change = ask(world)
    for actor in ("district_other", "dit", "facility", "leader"):
        with pytest.raises(ServiceError, match="Chỉ cán bộ của địa bàn"):
            facility_identity_approve(actor=world.users[actor], change=change)
    assert Facility.objects.get(pk=change.facility_id).name == "Cơ sở A"


def test_one_pending_request_at_a_time_and_no_taken_tax_number(world):
    FacilityFactory(tax_code=valid_tax_code(888))
    with pytest.raises(ServiceError, match="Không dùng được mã số thuế này"):
        ask(world, tax_code=valid_tax_code(888))
    ask(world)
    with pytest.raises(ServiceError, match="đang chờ duyệt"):
        ask(world, name="Tên khác")
    with pytest.raises(ServiceError, match="đã được xử lý|Chỉ cán bộ"):
        facility_identity_approve(
            actor=world.users["district"],
            change=FacilityIdentityChange.objects.create(
                facility=world.users["facility_other"].facility,
                name="X",
                tax_code=NEW_TAX,
                locality=world.l2,
                old_name="Cơ sở B",
                old_tax_code=NEW_TAX,
                old_locality=world.l2,
                reason="x",
                requested_by=world.users["facility_other"],
                status="approved",
            ),
        )


def test_the_profile_form_no_longer_renames_the_facility(world, client):
    client.force_login(world.users["facility"])
    page = client.get(reverse("proposals:facility_profile")).content.decode()
    assert 'name="name"' not in page
    assert reverse("proposals:facility_identity") in page


def test_the_pages_ask_and_decide(commune_world, client):
    world = commune_world
    client.force_login(world.users["facility"])
    response = client.post(
        reverse("proposals:facility_identity"),
        {
            "name": "Cơ sở A mới",
            "tax_code": world.users["facility"].facility.tax_code,
            "locality": world.l1.pk,
            "reason": "Đổi tên.",
        },
    )
    assert response.status_code == 302
    change = FacilityIdentityChange.objects.get()
    officer = client
    officer.force_login(world.users["district"])
    assert "Cơ sở A mới" in officer.get(reverse("proposals:identity_changes")).content.decode()
    response = officer.post(
        reverse("proposals:identity_change_decide", args=[change.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    assert Facility.objects.get(pk=change.facility_id).name == "Cơ sở A mới"


def test_the_form_offers_only_the_units_in_force_today(commune_world, client):
    client.force_login(commune_world.users["facility"])
    form = client.get(reverse("proposals:facility_identity")).context["form"]
    names = {str(unit) for unit in form.fields["locality"].queryset}
    assert {"Xã Cái Nhum", "Xã Nhơn Phú"} <= names
    assert len(names) == 124  # the xã and phường of Vĩnh Long since 1/7/2025
    assert "Huyện Long Hồ" not in names  # abolished on 1/7/2025
