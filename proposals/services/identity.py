"""A facility's legal name, tax number and locality change only by a request that the
intermediate officer of its locality approves (issue 18, item 5)."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.models import Locality, Role, User
from khuyencong.notifications import notify
from proposals.models import Facility, FacilityIdentityChange
from proposals.permissions import facility_reviewer_role
from proposals.services.facilities import district_officers

Status = FacilityIdentityChange.Status
IDENTITY_FIELDS = ["name", "tax_code", "locality"]


def facility_identity_request(
    *, actor: User, name: str, tax_code: str, locality: Locality, reason: str
) -> FacilityIdentityChange:
    """The owner of a facility asks to change its legal name, tax number (compact digits,
    validated by the form) or locality. One pending request at a time.

    Raises ServiceError: not a facility owner, nothing changes, no reason, a bad or taken tax
    number, or a request already pending.
    """
    if actor.role != Role.FACILITY or not actor.facility_id:
        raise ServiceError(_("Chỉ tài khoản cơ sở mới gửi được yêu cầu này."))
    name, reason = " ".join(name.split()), reason.strip()
    if not name:
        raise ServiceError(_("Vui lòng nhập tên cơ sở."))
    if not reason:
        raise ServiceError(_("Vui lòng nêu lý do thay đổi (ví dụ số giấy phép mới)."))
    if not re.fullmatch(r"\d{10}(\d{3})?", tax_code):
        raise ServiceError(_("Mã số thuế không hợp lệ."))
    try:
        with transaction.atomic():
            facility = Facility.objects.select_for_update().get(pk=actor.facility_id)
            if (name, tax_code, locality.pk) == (
                facility.name,
                facility.tax_code,
                facility.locality_id,
            ):
                raise ServiceError(_("Thông tin mới giống thông tin hiện tại."))
            taken = Facility.objects.filter(tax_code=tax_code).exclude(pk=facility.pk)
            if taken.exists():
                raise ServiceError(
                    _("Không dùng được mã số thuế này. Vui lòng liên hệ %(level)s để được hỗ trợ.")
                    % {"level": _("cơ quan quản lý địa bàn")}
                )
            if facility.identity_changes.filter(status=Status.PENDING).exists():
                raise ServiceError(_("Đã có một yêu cầu thay đổi đang chờ duyệt."))
            change = FacilityIdentityChange.objects.create(
                facility=facility,
                name=name,
                tax_code=tax_code,
                locality=locality,
                old_name=facility.name,
                old_tax_code=facility.tax_code,
                old_locality_id=facility.locality_id,
                reason=reason,
                requested_by=actor,
            )
            audit.record(
                actor=actor,
                action="facility.identity_request",
                obj=facility,
                before=audit.snapshot(facility, IDENTITY_FIELDS),
                after={"name": name, "tax_code": tax_code, "locality": locality.pk},
                note=reason,
            )
            notify(
                recipients=district_officers(facility.locality),
                subject=lambda: (
                    _("Cơ sở %(name)s đề nghị thay đổi thông tin pháp lý") % {"name": facility.name}
                ),
                url=reverse("proposals:identity_changes"),
            )
    except IntegrityError:  # a second request raced past the check
        raise ServiceError(_("Đã có một yêu cầu thay đổi đang chờ duyệt.")) from None
    return change


def _lock_pending(actor: User, change: FacilityIdentityChange) -> FacilityIdentityChange:
    locked = FacilityIdentityChange.objects.select_for_update().get(pk=change.pk)
    facility = Facility.objects.select_for_update().get(pk=locked.facility_id)
    if actor.role != facility_reviewer_role() or (
        actor.role == Role.DISTRICT and actor.locality_id != facility.locality_id
    ):
        raise ServiceError(_("Chỉ cán bộ của địa bàn nơi cơ sở hoạt động mới duyệt yêu cầu này."))
    if locked.status != Status.PENDING:
        raise ServiceError(_("Yêu cầu này đã được xử lý."))
    locked.facility = facility
    return locked


def facility_identity_approve(
    *, actor: User, change: FacilityIdentityChange, note: str = ""
) -> FacilityIdentityChange:
    """The officer of the facility's locality approves: the new identity applies at once.

    Raises ServiceError: another officer or role, already decided, tax number taken since.
    """
    with transaction.atomic():
        locked = _lock_pending(actor, change)
        facility = locked.facility
        if Facility.objects.filter(tax_code=locked.tax_code).exclude(pk=facility.pk).exists():
            raise ServiceError(_("Mã số thuế mới đã thuộc một cơ sở khác."))
        before = audit.snapshot(facility, IDENTITY_FIELDS)
        facility.name, facility.tax_code = locked.name, locked.tax_code
        facility.locality_id = locked.locality_id
        facility.save(update_fields=IDENTITY_FIELDS)
        locked.status, locked.decided_by, locked.decided_at = Status.APPROVED, actor, timezone.now()
        locked.decision_note = note.strip()
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit.record(
            actor=actor,
            action="facility.identity_approve",
            obj=facility,
            before=before,
            after=audit.snapshot(facility, IDENTITY_FIELDS),
            note=locked.decision_note,
        )
        notify(
            recipients=list(facility.users.all()),
            subject=lambda: (
                _("Đã duyệt thay đổi thông tin pháp lý của cơ sở %(name)s")
                % {"name": facility.name}
            ),
            url=reverse("proposals:facility_identity"),
        )
    return locked


def facility_identity_refuse(
    *, actor: User, change: FacilityIdentityChange, note: str
) -> FacilityIdentityChange:
    """The officer refuses, with a reason; the facility keeps its identity.

    Raises ServiceError: no reason, another officer or role, already decided.
    """
    if not note.strip():
        raise ServiceError(_("Vui lòng nêu lý do không duyệt."))
    with transaction.atomic():
        locked = _lock_pending(actor, change)
        locked.status, locked.decided_by, locked.decided_at = Status.REFUSED, actor, timezone.now()
        locked.decision_note = note.strip()
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit.record(
            actor=actor,
            action="facility.identity_refuse",
            obj=locked.facility,
            note=locked.decision_note,
        )
        notify(
            recipients=list(locked.facility.users.all()),
            subject=lambda: (
                _("Không duyệt thay đổi thông tin pháp lý của cơ sở %(name)s")
                % {"name": locked.facility.name}
            ),
            body=lambda: locked.decision_note,
            url=reverse("proposals:facility_identity"),
        )
    return locked
