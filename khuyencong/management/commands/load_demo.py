from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from budgets.demo import load_budget
from khuyencong import demo
from proposals import demo_monitoring
from proposals.demo_review import load_review
from proposals.demo_submission import load_submission_demo
from reports.demo import load_reports_demo


class Command(BaseCommand):
    help = "Load demo data (idempotent): one user per role, two localities, sample dossiers."

    def handle(self, *args: Any, **options: Any) -> None:
        users = demo.load_core()
        load_submission_demo(users)
        load_review(users)
        demo_monitoring.load(users)
        load_budget(users)
        load_reports_demo(users)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for username, user in users.items():
            self.stdout.write(f"  {username:<10} {user.get_role_display()}")
