"""Moving facilities of an abolished administrative unit to its successor.

On 1 July 2025 the districts were abolished and the communes merged (Resolution 202/2025/QH15
and the Standing Committee's resolutions for each province). A facility's *current* locality
moves; the locality each proposal recorded at submission does not, so history keeps its
district (DESIGN §4).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.models import Locality
from proposals.models import Facility

if TYPE_CHECKING:
    from khuyencong.models import User


def facility_relocate(
    *, actor: User | None, facility: Facility, locality: Locality, note: str = ""
) -> Facility:
    """Move ``facility`` to ``locality`` (a unit in force today, of the intermediate level).

    Writes one audit row (``facility.relocate``: old and new locality). Proposals keep the
    locality they recorded. Raises ServiceError when the target is not in force today or is
    the facility's current locality.
    """
    today = timezone.localdate()
    if not Locality.objects.intermediate_on(today).filter(pk=locality.pk).exists():
        raise ServiceError(
            _(
                "Không thể chuyển cơ sở đến %(unit)s: đơn vị này không còn hiệu lực hoặc "
                "không thuộc cấp xem xét."
            )
            % {"unit": locality.name}
        )
    with transaction.atomic():
        locked = Facility.objects.select_for_update().get(pk=facility.pk)
        if locked.locality_id == locality.pk:
            raise ServiceError(
                _("Cơ sở %(name)s đã thuộc %(unit)s.")
                % {"name": locked.name, "unit": locality.name}
            )
        before = {"locality": locked.locality.code, "locality_name": locked.locality.name}
        locked.locality = locality
        locked.save(update_fields=["locality"])
        audit.record(
            actor=actor,
            action="facility.relocate",
            obj=locked,
            before=before,
            after={"locality": locality.code, "locality_name": locality.name},
            note=note,
        )
    return locked
