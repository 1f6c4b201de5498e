from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from khuyencong.localities import sync_province_units
from khuyencong.models import Locality


class Command(BaseCommand):
    help = (
        "Load or re-sync the province's commune-level units (xã, phường) from the "
        "vietnam-provinces package: creates new ones, renames changed ones, closes (valid_to) "
        "those no longer listed; never deletes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", type=int, default=86, help="province code (86)")

    def handle(self, *args: Any, **options: Any) -> None:
        result = sync_province_units(Locality, province_code=options["province"])
        self.stdout.write(
            f"{result.data_version}: {result.created} created, {result.renamed} updated, "
            f"{result.closed} closed, {result.unchanged} unchanged."
        )
