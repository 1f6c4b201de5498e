from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from khuyencong import demo


class Command(BaseCommand):
    help = (
        "Load demo data (idempotent): one user per role, two communes, the 2025 plan year under "
        "the old districts and the current plan year's story."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        users = demo.load_core()
        demo.load_history(users)
        demo.load_story(users)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for username, user in users.items():
            self.stdout.write(f"  {username:<10} {user.get_role_display()}")
