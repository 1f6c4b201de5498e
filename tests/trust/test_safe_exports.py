"""Issue 18 (1): no user text becomes a formula in any CSV or XLSX the portal produces.

The hostile strings of ``shared/realworld/exports.json`` and their siblings are planted in the
facility names, proposal titles, cost lines and audit notes; every export found from the
document registry and from the URL configuration is built, and every cell of every output is
read: the only formulas are the portal's own totals, and each planted text is still there, as
text.
"""

from __future__ import annotations

import csv
import inspect
import io
import json
import re
import zipfile
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from khuyencong import audit
from khuyencong.lib.exports import csv_writer, safe_value, write_cell
from proposals.models import Facility, Proposal
from reports.documents import DOCUMENTS, render
from reports.services.plan import plan_aggregate
from tests.factories import CostLineFactory
from tests.factories_reports import YEAR, plan_dataset
from tests.reports.conftest import workbook

pytestmark = pytest.mark.django_db

REALWORLD = settings.BASE_DIR.parent / "shared" / "realworld"
HOSTILE = [case["value"] for case in json.loads((REALWORLD / "exports.json").read_text())["texts"]]
HOSTILE += [
    "+1+1 Cơ sở cộng",
    "-2+3 Cơ sở trừ",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1 tab",
    "\r=1+1 cr",
    "＝1+1 toàn khổ",
]
OWN_TOTAL = re.compile(r"=SUM\([A-Z]+\d+:[A-Z]+\d+\)\Z")
STARTS = ("=", "+", "-", "@", "\t", "\r", "＝")

# URLs whose view writes CSV or XLSX (found below by reading each view's source). Uploads
# served back (attachments, monitoring files) are the users' own files, not portal output.
UPLOADED_FILES = {"proposals:attachment_download", "proposals:monitoring_file"}


def _url_patterns(patterns: list[Any], namespace: str = "") -> list[tuple[str, Any]]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            found += _url_patterns(pattern.url_patterns, inner.strip(":"))
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((f"{namespace}:{pattern.name}".strip(":"), pattern.callback))
    return found


def export_views() -> set[str]:
    """Names of the URLs whose view produces a CSV or XLSX file (or a stored document)."""
    names = set()
    for name, callback in _url_patterns(get_resolver().url_patterns):
        try:
            source = inspect.getsource(inspect.unwrap(callback))
        except (OSError, TypeError):
            continue
        if re.search(r"csv|xlsx|render_document|\.file\.open", source):
            names.add(name)
    return names - UPLOADED_FILES


@pytest.fixture
def hostile(world) -> dict[str, Any]:
    data = plan_dataset(world)
    facilities = list(Facility.objects.order_by("pk"))
    for index, facility in enumerate(facilities):
        Facility.objects.filter(pk=facility.pk).update(name=HOSTILE[index % len(HOSTILE)])
    for index, proposal in enumerate(Proposal.objects.order_by("pk")):
        Proposal.objects.filter(pk=proposal.pk).update(title=HOSTILE[(index + 1) % len(HOSTILE)])
        for text in HOSTILE:
            CostLineFactory(proposal=proposal, content=text, unit=text[:20])
    for text in HOSTILE:
        audit.record(actor=world.users["dit"], action="proposal.note", obj=data["p1"], note=text)
    # Catalogue names are typed by admins: user text too.
    for index, key in enumerate(("a1", "a2", "provincial", "national")):
        type(data[key]).objects.filter(pk=data[key].pk).update(name=HOSTILE[index])
    plan_aggregate(year=YEAR)
    return data


def document_params(kind: str, data: dict[str, Any], world: Any) -> dict[str, Any]:
    choices = {
        "proposal": data["p1"].pk,
        "locality": world.l1.pk,
        "year": YEAR,
        "decision_number": "15/QĐ-SCT",
    }
    return {name: choices[name] for name in DOCUMENTS[kind].params}


def assert_safe_workbook(content: bytes) -> list[str]:
    """Every formula is a portal total; returns the text of every string cell."""
    texts = []
    for ws in workbook(content).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert OWN_TOTAL.match(str(cell.value)), (ws.title, cell.coordinate, cell.value)
                elif isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def assert_safe_csv(text: str) -> list[str]:
    """No cell starts like a formula (plain negative numbers aside); returns every cell."""
    cells = [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]
    for cell in cells:
        if cell[:1] in STARTS:
            assert re.fullmatch(r"-\d+", cell), cell
    return cells


def test_the_writer_prefixes_formula_text_in_csv_and_keeps_the_rest():
    buffer = io.StringIO()
    csv_writer(buffer).writerow(["=1+1", "-5", "-1+2", "Cơ sở =A", 12, "\t@x"])
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == [
        "'=1+1",
        "-5",
        "'-1+2",
        "Cơ sở =A",
        "12",
        "'\t@x",
    ]
    assert safe_value(None) is None


def test_the_writer_stores_formula_text_as_text_in_xlsx_and_only_totals_as_formulas():
    from openpyxl import Workbook

    from reports.excel import to_bytes

    book = Workbook()
    write_cell(book.active, row=1, column=1, value="=1+1")
    write_cell(book.active, row=2, column=1, value="bell\x07")
    write_cell(book.active, row=3, column=1, value="=SUM(A1:A2)", formula=True)
    ws = workbook(to_bytes(book)).active
    assert (ws["A1"].value, ws["A1"].data_type, ws["A1"].quotePrefix) == ("=1+1", "s", True)
    assert ws["A2"].value == "bell"  # XML cannot hold the control character
    assert ws["A3"].data_type == "f"


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_every_registered_workbook_writes_hostile_text_as_text(kind, hostile, world):
    content = render(kind, document_params(kind, hostile, world), "xlsx").content
    texts = assert_safe_workbook(content)
    planted = [t for t in HOSTILE if any(t.strip() in text for text in texts)]
    assert planted, f"{kind}: no planted text reached the workbook"


def test_the_dossier_workbook_keeps_every_hostile_cost_line(hostile, world):
    content = render("dossier", {"proposal": hostile["p1"].pk}, "xlsx").content
    texts = assert_safe_workbook(content)
    # XML turns a CR into a line feed when read back: compare without the leading space.
    for text in HOSTILE:
        assert text.lstrip() in [t.lstrip() for t in texts]


def test_the_export_urls_are_exactly_the_known_ones():
    # A new CSV/XLSX view must be added to the test below.
    assert export_views() == {
        "audit_log_export",
        "reports:public_list_csv",
        "reports:document_direct",
        "reports:document_download",
    }


def test_every_export_url_writes_hostile_text_as_text(
    client, hostile, world, django_capture_on_commit_callbacks
):
    client.force_login(world.users["leader"])
    audit_csv = b"".join(client.get(reverse("audit_log_export")).streaming_content).decode()
    cells = assert_safe_csv(audit_csv)
    for text in HOSTILE:
        assert "'" + text in cells

    client.logout()
    public = client.get(reverse("reports:public_list_csv"), {"year": YEAR})
    cells = assert_safe_csv(public.content.decode())
    assert "'" + HOSTILE[0] in cells  # the world's first facility holds an approved proposal

    client.force_login(world.users["dit"])
    direct = client.get(
        reverse("reports:document_direct"),
        {"kind": "dossier", "format": "xlsx", "proposal": hostile["p1"].pk},
    )
    assert direct.status_code == 200, direct.content[:300]
    assert_safe_workbook(direct.content)

    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            reverse("reports:document_create"),
            {"kind": "annual-plan", "format": "xlsx", "year": YEAR},
        )
    assert created.status_code == 302
    download = client.get(created.url.rstrip("/") + "/download/")
    assert download.status_code == 200
    texts = assert_safe_workbook(b"".join(download.streaming_content))
    assert any(text in HOSTILE for text in texts)


def test_the_plan_year_export_writes_hostile_text_as_text(hostile, tmp_path):
    path = tmp_path / "plan.zip"
    call_command("export_plan_year", year=YEAR, output=str(path))
    seen: list[str] = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            seen += assert_safe_csv(archive.read(name).decode("utf-8"))
    for text in HOSTILE:
        assert "'" + text in seen
