"""Second factor of the demo officials: a published TOTP secret and backup codes.

Every demo account whose role requires a second factor (DIT, leader, council, finance, admin)
gets the same authenticator secret and the same backup codes, printed by ``load_demo`` and
written in the README, so a demonstration can sign in with any authenticator app. Never use
them outside the demo.
"""

from __future__ import annotations

import base64

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from khuyencong.models import User
from khuyencong.two_factor import otp_required

# Bandit B105 (hard-coded secret) is a false positive: published demo values.
DEMO_TOTP_SECRET = "KHUYENCONGDEMOKCVLKHUYENCONGDEMO"  # nosec B105 (base32)
DEMO_BACKUP_CODES = ["demo2fa1", "demo2fa2", "demo2fa3", "demo2fa4", "demo2fa5"]  # nosec B105


def load_devices(users: dict[str, User]) -> list[str]:
    """Give each demo official the demo TOTP device and backup codes (idempotent); returns
    the usernames that got them."""
    key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    done = []
    for username, user in users.items():
        if not otp_required(user):
            continue
        TOTPDevice.objects.update_or_create(
            user=user, name="Demo", defaults={"key": key, "confirmed": True}
        )
        static, _created = StaticDevice.objects.get_or_create(
            user=user, name="Demo", defaults={"confirmed": True}
        )
        static.token_set.all().delete()
        StaticToken.objects.bulk_create(
            [StaticToken(device=static, token=code) for code in DEMO_BACKUP_CODES]
        )
        done.append(username)
    return done
