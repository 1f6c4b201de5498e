"""``manage.py seed_scale --proposals 100000``: national-scale synthetic history for benchmarks.

It lives in ``khuyencong.seed`` (next to ``load_demo``, above every layer) because it writes the
rows of every app: facilities, proposals, appraisals, budgets, monitoring.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from khuyencong.seed import scale


class Command(BaseCommand):
    help = (
        "Seed a synthetic history of N proposals over ten plan years (bulk inserts). "
        "Refuses a database with real data unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--proposals", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2026, help="random seed (reproducible)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="seed even though the database holds facilities or proposals of its own",
        )
        parser.add_argument(
            "--reset", action="store_true", help="delete the rows of a previous seed_scale first"
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="do nothing when the database already holds a complete seed of this size "
            "(with its audit rows); reseed it otherwise",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["proposals"]
        if count < 1:
            raise CommandError("--proposals phải là số nguyên dương.")
        if options["reuse"] and scale.seeded_size() == count:
            self.stdout.write(f"Đã có {count:,} đề án của seed_scale: giữ nguyên.")
            return
        if scale.has_scale_data():
            if not (options["reset"] or options["reuse"]):
                raise CommandError(
                    "Cơ sở dữ liệu đã có dữ liệu của seed_scale; dùng --reset để tạo lại."
                )
            scale.wipe()
        if scale.has_foreign_data() and not options["force"]:
            raise CommandError(
                "Cơ sở dữ liệu đã có dữ liệu thật (cơ sở hoặc đề án không do seed_scale tạo). "
                "Từ chối ghi thêm; dùng --force nếu thật sự muốn."
            )
        seeder = scale.Seeder(proposals=count, seed=options["seed"], log=self.stdout.write)
        try:
            report = seeder.run()
        except scale.ScaleRefused as error:
            raise CommandError(str(error)) from error
        for label, n in sorted(report.rows.items()):
            self.stdout.write(f"  {label:<28} {n:>10,}")
        self.stdout.write(self.style.SUCCESS(f"{count:,} đề án trong {report.seconds:.1f} giây."))
