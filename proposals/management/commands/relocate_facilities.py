from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from khuyencong.exceptions import ServiceError
from khuyencong.models import Locality
from proposals.models import Facility
from proposals.services.relocation import facility_relocate


class Command(BaseCommand):
    help = (
        "Move the facilities of an abolished unit to its successor, audited; proposals keep the "
        "locality they recorded. Either --from CODE --to CODE (every facility of a unit), or "
        "--table FILE.csv with columns old_code,new_code[,tax_code] (the province's own "
        "old-to-new table; a row with tax_code moves that facility only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="old", help="code of the abolished unit")
        parser.add_argument("--to", dest="new", help="code of its successor")
        parser.add_argument("--table", type=Path, help="CSV: old_code,new_code[,tax_code]")
        parser.add_argument("--note", default="", help="the decision that ordered the move")

    def handle(self, *args: Any, **options: Any) -> None:
        rows: list[tuple[str, str, str]] = []
        if options["table"]:
            with options["table"].open(encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    rows.append((row["old_code"], row["new_code"], row.get("tax_code") or ""))
        elif options["old"] and options["new"]:
            rows.append((options["old"], options["new"], ""))
        else:
            raise CommandError("Give --from and --to, or --table.")
        moved = 0
        for old, new, tax_code in rows:
            target = Locality.objects.filter(code=new).first()
            if target is None:
                raise CommandError(f"Unknown successor unit {new}.")
            facilities = Facility.objects.filter(locality__code=old)
            if tax_code:
                facilities = facilities.filter(tax_code=tax_code)
            for facility in facilities.select_related("locality"):
                try:
                    facility_relocate(
                        actor=None, facility=facility, locality=target, note=options["note"]
                    )
                except ServiceError as error:
                    raise CommandError(str(error)) from None
                moved += 1
        self.stdout.write(f"{moved} facilities moved.")
