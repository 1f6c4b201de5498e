"""Facility self-registration and its activation by the officer of the facility's locality."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.models import Locality, Role, User
from khuyencong.notifications import notify
from proposals.models import Facility
from proposals.permissions import can_review_facility, facility_reviewer_role

AUDITED_FIELDS = ["status", "refusal_reason", "reviewed_by", "reviewed_at"]


def district_officers(locality: Locality) -> list[User]:
    """Who activates a facility of ``locality``: its officers, or the DIT's specialists when
    there is no intermediate level."""
    if facility_reviewer_role() == Role.DIT:
        return list(User.objects.filter(role=Role.DIT, is_active=True))
    return list(User.objects.filter(role=Role.DISTRICT, locality=locality, is_active=True))


def facility_register(
    *,
    username: str,
    password: str,
    email: str,
    full_name: str,
    facility_data: dict[str, Any],
) -> Facility:
    """Create a pending facility and its inactive owner account; tell the district officers."""
    try:
        with transaction.atomic():
            facility = Facility.objects.create(status=Facility.Status.PENDING, **facility_data)
            user = User(
                username=username,
                email=email,
                first_name=full_name,
                role=Role.FACILITY,
                facility=facility,
                is_active=False,
            )
            user.set_password(password)
            user.save()
            audit.record(
                actor=user,
                action="facility.register",
                obj=facility,
                after={"tax_code": facility.tax_code, "name": facility.name, "status": "pending"},
            )
            notify(
                recipients=district_officers(facility.locality),
                subject=lambda: (
                    _("Cơ sở mới đăng ký chờ kích hoạt: %(name)s") % {"name": facility.name}
                ),
                body=lambda: (
                    _("Mã số thuế %(tax)s, địa chỉ %(address)s.")
                    % {"tax": facility.tax_code, "address": facility.address}
                ),
                url=reverse("proposals:facility_detail", args=[facility.pk]),
            )
    except IntegrityError:
        # Two registrations raced past the form's uniqueness check: the database decides.
        raise ServiceError(_("Mã số thuế hoặc tên đăng nhập này đã được đăng ký.")) from None
    return facility


def _review(facility: Facility, actor: User) -> Facility:
    locked = Facility.objects.select_for_update().get(pk=facility.pk)
    allowed, reason = can_review_facility(actor, locked)
    if not allowed:
        raise ServiceError(reason)
    return locked


def facility_activate(*, actor: User, facility: Facility) -> Facility:
    with transaction.atomic():
        facility = _review(facility, actor)
        before = audit.snapshot(facility, AUDITED_FIELDS)
        facility.status = Facility.Status.ACTIVE
        facility.refusal_reason = ""
        facility.reviewed_by = actor
        facility.reviewed_at = timezone.now()
        facility.save(update_fields=AUDITED_FIELDS)
        facility.users.update(is_active=True)
        # Read the owners after the update: notify() skips inactive accounts.
        owners = list(facility.users.all())
        audit.record(
            actor=actor,
            action="facility.activate",
            obj=facility,
            before=before,
            after=audit.snapshot(facility, AUDITED_FIELDS),
        )
        notify(
            recipients=owners,
            subject=lambda: (
                _("Tài khoản cơ sở %(name)s đã được kích hoạt") % {"name": facility.name}
            ),
            body=lambda: _("Cơ sở có thể đăng nhập và lập đề án khuyến công."),
            url=reverse("login"),
        )
    return facility


def facility_refuse(*, actor: User, facility: Facility, reason: str) -> Facility:
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Vui lòng nêu lý do từ chối."))
    with transaction.atomic():
        facility = _review(facility, actor)
        before = audit.snapshot(facility, AUDITED_FIELDS)
        facility.status = Facility.Status.REFUSED
        facility.refusal_reason = reason
        facility.reviewed_by = actor
        facility.reviewed_at = timezone.now()
        facility.save(update_fields=AUDITED_FIELDS)
        audit.record(
            actor=actor,
            action="facility.refuse",
            obj=facility,
            before=before,
            after=audit.snapshot(facility, AUDITED_FIELDS),
            note=reason,
        )
        notify(
            recipients=facility.users.all(),
            subject=lambda: (
                _("Đăng ký cơ sở %(name)s không được chấp nhận") % {"name": facility.name}
            ),
            body=lambda: _("Lý do: %(reason)s") % {"reason": reason},
            # The applicant's account was never activated, yet must learn why.
            include_inactive=True,
        )
    return facility
