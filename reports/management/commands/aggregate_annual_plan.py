from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reports.selectors import default_plan_year
from reports.services.plan import plan_aggregate


class Command(BaseCommand):
    help = "Aggregate a plan year into a new snapshot (locality × activity × fund source)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, help="Plan year (default: next year).")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] or default_plan_year()
        if not 2000 <= year <= 2100:
            raise CommandError("The year must be between 2000 and 2100.")
        run = plan_aggregate(year=year, trigger="command")
        self.stdout.write(
            self.style.SUCCESS(
                f"Plan {year}: snapshot #{run.pk} with {run.lines.count()} lines "
                f"taken at {run.finished_at:%Y-%m-%d %H:%M:%S}."
            )
        )
