from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reports.documents import DOCUMENTS, DocumentError, render


class Command(BaseCommand):
    help = (
        "Render a document to a file, e.g. "
        "`render_report annual-plan --year 2026 --format pdf -o plan.pdf`."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=sorted(DOCUMENTS))
        parser.add_argument("--year", type=int)
        parser.add_argument("--locality", help="Locality code (district-list), e.g. 857.")
        parser.add_argument("--proposal", help="Proposal code or id (dossier).")
        parser.add_argument("--decision-number", default="")
        parser.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        spec = DOCUMENTS[options["kind"]]
        params: dict[str, Any] = {}
        if "year" in spec.params:
            if not options["year"]:
                raise CommandError("--year is required for this document.")
            params["year"] = options["year"]
        if "locality" in spec.params:
            params["locality"] = self._locality(options["locality"])
        if "proposal" in spec.params:
            params["proposal"] = self._proposal(options["proposal"])
        if "decision_number" in spec.params:
            params["decision_number"] = options["decision_number"]
        try:
            rendered = render(spec.kind, params, options["format"])
        except DocumentError as exc:
            raise CommandError(exc.message) from exc
        Path(options["output"]).write_bytes(rendered.content)
        self.stdout.write(self.style.SUCCESS(f"{options['output']}: {len(rendered.content)} bytes"))

    def _locality(self, code: str | None) -> int:
        from khuyencong.models import Locality

        found = Locality.objects.filter(code=code).first() if code else None
        if found is None:
            raise CommandError("--locality must be the code of a locality, e.g. 857.")
        return found.pk

    def _proposal(self, value: str | None) -> int:
        from proposals.models import Proposal

        if not value:
            raise CommandError("--proposal is required for the dossier.")
        found = Proposal.objects.filter(code=value).first()
        if found is None and value.isdigit():
            found = Proposal.objects.filter(pk=int(value)).first()
        if found is None:
            raise CommandError(f"No proposal {value}.")
        return found.pk
