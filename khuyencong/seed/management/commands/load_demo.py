from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from khuyencong.models import User
from khuyencong.seed import demo
from khuyencong.seed.demo import two_factor


def organisation(user: User) -> str:
    """The office a demo account speaks for, as the README's table names it."""
    if user.facility_id:
        return f"{user.facility.name}, {user.facility.locality.name}"
    if user.locality_id:
        return user.locality.name
    if user.role == "finance":
        return f"Sở Tài chính tỉnh {settings.PROVINCE_NAME}"
    return settings.DEPARTMENT_NAME if user.role in ("dit", "leader", "council") else ""


class Command(BaseCommand):
    help = (
        "Load demo data (idempotent): one user per role, two communes, the 2025 plan year under "
        "the old districts and the current plan years' story."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's e-mail addresses are fictitious: its notifications stay in the portal (and
        # in memory) instead of thousands of console lines or real SMTP sends.
        sending = settings.EMAIL_BACKEND
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        # Tasks run inline under `make run`: one log line per e-mail task would bury the logins.
        trace = logging.getLogger("celery.app.trace")
        level = trace.level
        trace.setLevel(logging.WARNING)
        try:
            users = demo.load_core()
            demo.load_history(users)
            demo.load_story(users)
        finally:
            settings.EMAIL_BACKEND = sending
            trace.setLevel(level)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for username, user in users.items():
            line = f"  {username:<10} {user.get_role_display():<28} {organisation(user)}"
            self.stdout.write(line.rstrip())
        officials = two_factor.load_devices(users)
        self.stdout.write(
            f"Second factor of {', '.join(officials)}: authenticator secret "
            f"{two_factor.DEMO_TOTP_SECRET}, backup codes {' '.join(two_factor.DEMO_BACKUP_CODES)}"
        )
