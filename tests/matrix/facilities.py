from typing import Any

from tests.factories import FacilityFactory, FacilityOwnerFactory
from tests.matrix import FORBIDDEN, NOT_FOUND, OK, REDIRECT, Case, World, everyone, logged_in, only


def pending_in_l1(w: World) -> dict[str, Any]:
    facility = FacilityFactory(locality=w.l1, status="pending", name="Cơ sở chờ")
    FacilityOwnerFactory(username="pending-owner", facility=facility, is_active=False)
    return {"pk": facility.pk}


# The pending facility lies in the locality of "district"; the outsiders of l2 must not learn
# that it exists, and council members have no business with facilities at all.
SCOPED = logged_in(
    OK,
    facility=NOT_FOUND,
    facility_other=NOT_FOUND,
    district_other=NOT_FOUND,
    council=NOT_FOUND,
)
REVIEW = logged_in(
    FORBIDDEN,
    district=REDIRECT,
    facility=NOT_FOUND,
    facility_other=NOT_FOUND,
    district_other=NOT_FOUND,
    council=NOT_FOUND,
)


def identity_change_in_l1(w: World) -> dict[str, Any]:
    from proposals.models import FacilityIdentityChange

    facility = w.users["facility"].facility
    change = FacilityIdentityChange.objects.create(
        facility=facility,
        name="Cơ sở A (tên mới)",
        tax_code=facility.tax_code,
        locality=w.l1,
        old_name=facility.name,
        old_tax_code=facility.tax_code,
        old_locality=w.l1,
        reason="Đổi tên theo giấy chứng nhận mới",
        requested_by=w.users["facility"],
    )
    return {"pk": change.pk}


CASES = [
    Case("proposals:facility_identity", only(OK, ("facility", "facility_other"))),
    Case("proposals:identity_changes", only(OK, ("district", "district_other"))),
    # Without a decision the officer is sent back to the list; nothing changes.
    Case(
        "proposals:identity_change_decide",
        only(REDIRECT, ("district",), district_other=NOT_FOUND),
        kwargs=identity_change_in_l1,
        method="post",
    ),
    Case("proposals:register", everyone(REDIRECT, anon=OK)),
    Case("proposals:register_done", everyone(OK)),
    Case("proposals:facility_pending", only(OK, ("district", "district_other"))),
    Case("proposals:facility_detail", SCOPED, kwargs=pending_in_l1),
    Case("proposals:facility_activate", REVIEW, kwargs=pending_in_l1, method="post"),
    Case(
        "proposals:facility_refuse",
        REVIEW,
        kwargs=pending_in_l1,
        method="post",
        data=lambda w: {"reason": "Hồ sơ không đúng địa bàn"},
    ),
]
