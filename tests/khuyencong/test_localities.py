"""Localities as dated data: the 2025 map from vietnam-provinces, names, the relocation command."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from khuyencong.exceptions import ServiceError
from khuyencong.models import AuditLog, Locality
from proposals.services.relocation import facility_relocate
from proposals.services.submission import proposal_submit
from tests.factories import DistrictOfficerFactory, ProposalFactory
from tests.factories_submission import complete_draft

pytestmark = pytest.mark.django_db


def test_the_new_province_has_its_124_communes_from_1_july_2025():
    communes = Locality.objects.filter(level="commune", parent__code="86")
    assert communes.count() == 124
    assert communes.filter(name__startswith="Xã ").count() == 105
    assert communes.filter(name__startswith="Phường ").count() == 19
    assert set(communes.values_list("valid_from", flat=True)) == {dt.date(2025, 7, 1)}
    assert Locality.objects.get(code="29641").name == "Xã Cái Nhum"


def test_the_2023_districts_stay_as_history_to_30_june_2025():
    districts = Locality.objects.filter(level="district")
    assert districts.count() == 8
    assert set(districts.values_list("valid_to", flat=True)) == {dt.date(2025, 6, 30)}
    on_30_june = Locality.objects.valid_on(dt.date(2025, 6, 30))
    on_1_july = Locality.objects.valid_on(dt.date(2025, 7, 1))
    assert on_30_june.filter(code="857").exists() and not on_30_june.filter(code="29641").exists()
    assert on_1_july.filter(code="29641").exists() and not on_1_july.filter(code="857").exists()


@pytest.mark.parametrize(
    ("code", "committee", "place"),
    [
        ("29641", "UBND xã Cái Nhum", "Cái Nhum"),
        ("857", "UBND huyện Long Hồ", "Long Hồ"),
        ("855", "UBND thành phố Vĩnh Long", "Vĩnh Long"),
        ("861", "UBND thị xã Bình Minh", "Bình Minh"),
    ],
)
def test_a_unit_is_named_by_its_own_kind_without_doubling_the_level_word(code, committee, place):
    unit = Locality.objects.get(code=code)
    assert unit.committee_name == committee
    assert unit.place_name == place


def test_a_ward_is_named_phuong():
    ward = Locality.objects.get(name="Phường Long Châu")
    assert ward.committee_name == "UBND phường Long Châu"


def test_resync_is_idempotent_and_closes_units_gone_from_the_list():
    extra = Locality.objects.create(
        code="99999",
        name="Xã Đã Sáp Nhập",
        level="commune",
        parent=Locality.objects.get(code="86"),
        valid_from=dt.date(2025, 7, 1),
    )
    out = StringIO()
    call_command("sync_localities", stdout=out)
    assert "0 created, 0 updated, 1 closed, 124 unchanged" in out.getvalue()
    extra.refresh_from_db()
    assert extra.valid_to is not None  # closed, not deleted
    assert Locality.objects.filter(level="commune", valid_to__isnull=True).count() == 124


def test_relocating_a_facility_moves_it_but_not_its_history(world):
    owner = world.users["facility"]
    facility = owner.facility  # in Huyện Long Hồ
    old = ProposalFactory(facility=facility, state="approved")
    cai_nhum = Locality.objects.get(code="29641")
    call_command(
        "relocate_facilities",
        "--from",
        "857",
        "--to",
        "29641",
        "--note",
        "NQ 1687/NQ-UBTVQH15",
        stdout=StringIO(),
    )
    facility.refresh_from_db()
    old.refresh_from_db()
    assert facility.locality == cai_nhum
    assert old.locality.name == "Huyện Long Hồ"  # the district that reviewed it
    row = AuditLog.objects.get(action="facility.relocate", object_id=str(facility.pk))
    assert row.before["locality_name"] == "Huyện Long Hồ"
    assert row.after["locality_name"] == "Xã Cái Nhum"
    # The district officer still sees the old proposal; the commune's officer does not.
    district = Client()
    district.force_login(world.users["district"])
    assert district.get(reverse("proposals:proposal_detail", args=[old.pk])).status_code == 200
    commune = Client()
    commune.force_login(DistrictOfficerFactory(username="canbo.cainhum", locality=cai_nhum))
    assert commune.get(reverse("proposals:proposal_detail", args=[old.pk])).status_code == 404


def test_a_facility_cannot_be_moved_to_an_abolished_district(world):
    facility = world.users["facility"].facility
    with pytest.raises(ServiceError, match="không còn hiệu lực"):
        facility_relocate(
            actor=world.users["admin"], facility=facility, locality=Locality.objects.get(code="858")
        )
    facility.refresh_from_db()
    assert facility.locality.code == "857"
    assert not AuditLog.objects.filter(action="facility.relocate").exists()


def test_a_submission_records_the_locality_and_level_of_the_day(commune_world, settings):
    settings.INTERMEDIATE_LEVEL = "commune"
    owner = commune_world.users["facility"]
    draft = complete_draft(owner)
    submitted = proposal_submit(actor=owner, proposal=draft)
    assert submitted.locality.name == "Xã Cái Nhum"
    assert submitted.review_level == "commune"
    # The facility moves afterwards: the proposal stays with the commune that reviews it.
    facility_relocate(
        actor=commune_world.users["admin"],
        facility=owner.facility,
        locality=Locality.objects.get(code="29623"),
    )
    submitted.refresh_from_db()
    assert submitted.locality.name == "Xã Cái Nhum"
    officer = Client()
    officer.force_login(commune_world.users["district"])
    assert officer.get(reverse("proposals:proposal_detail", args=[submitted.pk])).status_code == 200
