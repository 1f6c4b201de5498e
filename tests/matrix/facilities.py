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

CASES = [
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
