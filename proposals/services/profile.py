"""The facility owner keeps its own profile (the beneficiary data every đề án shows)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.models import Role, User
from proposals.models import Facility

# Legal name, tax number and locality are not here: they change only by a request the
# locality's officer approves (proposals/services/identity.py).
PROFILE_FIELDS = [
    "legal_form",
    "address",
    "representative",
    "representative_title",
    "phone",
    "email",
    "main_products",
    "employees",
]


def facility_profile_update(*, actor: User, data: dict[str, Any]) -> Facility:
    if actor.role != Role.FACILITY or not actor.facility_id:
        raise ServiceError(_("Chỉ tài khoản cơ sở mới sửa được hồ sơ cơ sở."))
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ServiceError(_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        facility = Facility.objects.select_for_update().get(pk=actor.facility_id)
        changed = [name for name, value in data.items() if getattr(facility, name) != value]
        if not changed:
            return facility
        before = audit.snapshot(facility, changed)
        for name in changed:
            setattr(facility, name, data[name])
        facility.save(update_fields=changed)
        audit.record(
            actor=actor,
            action="facility.profile_update",
            obj=facility,
            before=before,
            after=audit.snapshot(facility, changed),
        )
    return facility
