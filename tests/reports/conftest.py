from __future__ import annotations

import io
import re
import subprocess
import tempfile
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories_reports import plan_dataset


@pytest.fixture
def dataset(world) -> dict[str, Any]:
    return plan_dataset(world)


def pdf_text(content: bytes) -> str:
    """The text of every page, whitespace collapsed (table cells wrap onto lines)."""
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def pdf_pages(content: bytes) -> list[tuple[float, float, str]]:
    reader = PdfReader(io.BytesIO(content))
    return [
        (float(page.mediabox.width), float(page.mediabox.height), page.extract_text())
        for page in reader.pages
    ]


def pdf_fonts(content: bytes) -> set[str]:
    """The embedded font names as ``pdffonts`` (poppler) reports them, subset tags removed."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        out = subprocess.run(
            ["pdffonts", handle.name], capture_output=True, text=True, check=True
        ).stdout
    fonts = set()
    for line in out.splitlines()[2:]:
        name, *rest = line.split()
        assert "yes" in rest[-5:-3], f"font not embedded: {line}"
        fonts.add(name.split("+", 1)[-1])
    return fonts


def workbook(content: bytes) -> Any:
    return load_workbook(io.BytesIO(content))


def sum_formula(ws: Any, cell: Any) -> int:
    """Evaluate a ``=SUM(E4:E9)`` totals cell against the sheet's own cells."""
    match = re.fullmatch(r"=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", str(cell.value))
    if cell.value == 0:
        return 0
    assert match, cell.value
    column, first, _, last = match.groups()
    return sum(ws[f"{column}{row}"].value or 0 for row in range(int(first), int(last) + 1))


def totals_row(ws: Any) -> int:
    for row in range(ws.max_row, 0, -1):
        if ws.cell(row=row, column=1).value == "Tổng cộng":
            return row
    raise AssertionError("no totals row")


def column_of(ws: Any, header: str) -> int:
    for cell in ws[3]:
        if cell.value == header:
            return cell.column
    raise AssertionError(f"no column {header!r}")
