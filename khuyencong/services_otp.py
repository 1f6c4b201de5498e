"""Services of the second factor: enrolment and the admin's reset of a lost device."""

from __future__ import annotations

import secrets

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.models import Role, User

BACKUP_CODES = 10
DEVICE_NAME = "Ứng dụng xác thực"
BACKUP_NAME = "Mã dự phòng"


def otp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator device of ``user`` (made on first call). Its secret is
    shown once on the enrolment page; nothing is trusted before it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _new_codes() -> list[str]:
    # 8 lower-case letters and digits, no look-alikes; about 40 bits each, single use.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return ["".join(secrets.choice(alphabet) for _ in range(8)) for _ in range(BACKUP_CODES)]


def otp_device_confirm(*, user: User, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator device with a 6-digit token it shows; make the backup codes.

    Returns the device and the ``BACKUP_CODES`` backup codes (shown once).
    Raises ServiceError when no enrolment was started or the token is wrong.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None:
            raise ServiceError(_("Chưa bắt đầu đăng ký ứng dụng xác thực."))
        if not device.verify_token("".join(str(token).split())):
            raise ServiceError(_("Mã xác thực không đúng. Vui lòng nhập mã 6 số đang hiển thị."))
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _set_backup_codes(user)
        audit.record(actor=user, action="otp.enrol", obj=user, note=device.name)
    return device, codes


def _set_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = _new_codes()
    static.token_set.bulk_create([static.token_set.model(device=static, token=c) for c in codes])
    return codes


def otp_device_reset(*, actor: User, user: User) -> int:
    """Remove every second-factor device of ``user`` (a lost phone) and end their sessions;
    the user enrols again at the next sign-in. Only an admin may do it.

    Returns the number of devices removed. Raises ServiceError for a non-admin actor.
    """
    if actor.role != Role.ADMIN and not actor.is_superuser:
        raise ServiceError(_("Chỉ quản trị hệ thống được đặt lại xác thực hai lớp."))
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += StaticDevice.objects.filter(user=user, confirmed=True).count()
        StaticDevice.objects.filter(user=user).delete()
        _end_sessions(user)
        audit.record(actor=actor, action="otp.reset", obj=user, note=_("Đặt lại xác thực hai lớp"))
    return removed


def _end_sessions(user: User) -> None:
    # A session verified with the lost device must not outlive it.
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
