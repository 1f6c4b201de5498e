from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reports.export import plan_year_export


class Command(BaseCommand):
    help = (
        "Export a plan year's proposals, cost lines, allocations, disbursements, settlements "
        "and their audit rows as a zip of CSV files."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, required=True, help="Plan year, e.g. 2026.")
        parser.add_argument("-o", "--output", required=True, help="The zip file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError("The year must be between 2000 and 2100.")
        path = Path(options["output"])
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        counts = plan_year_export(year=year, path=path)
        summary = ", ".join(f"{name} {count}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Plan {year} exported to {path}: {summary}."))
