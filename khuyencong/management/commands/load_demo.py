from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from khuyencong import demo
from khuyencong.demo import two_factor


class Command(BaseCommand):
    help = "Load demo data (idempotent): one user per role, two localities, one plan year's story."

    def handle(self, *args: Any, **options: Any) -> None:
        users = demo.load_core()
        demo.load_story(users)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for username, user in users.items():
            self.stdout.write(f"  {username:<10} {user.get_role_display()}")
        officials = two_factor.load_devices(users)
        self.stdout.write(
            f"Second factor of {', '.join(officials)}: authenticator secret "
            f"{two_factor.DEMO_TOTP_SECRET}, backup codes {' '.join(two_factor.DEMO_BACKUP_CODES)}"
        )
