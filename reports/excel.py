"""Shared helpers for the Excel twins of the documents (openpyxl).

Every table goes on its own sheet: a title, the header row frozen, money with thousands
separators and a totals row of SUM formulas, so officials can edit a figure and see the total
follow.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from khuyencong.lib.exports import write_cell

MONEY_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
HEADER_ROW = 3  # row 1: title, row 2: subtitle, row 3: the header
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    width: int = 16
    number: bool = False  # integer with thousands separators, summed in the totals row
    percent: bool = False
    summed: bool = True  # False for counts that do not add up (a facility in two groups)


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def add_table(
    workbook: Workbook,
    *,
    sheet: str,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Any],
    subtitle: str = "",
    total_label: str = "Tổng cộng",
) -> Worksheet:
    """One sheet holding one table; returns it for extra touches."""
    ws = workbook.create_sheet(title=sheet[:31])
    # Titles and cells hold user text (names, titles): every one goes through write_cell, so
    # that only the totals below are formulas.
    write_cell(ws, row=1, column=1, value=title).font = Font(bold=True, size=13)
    if subtitle:
        write_cell(ws, row=2, column=1, value=subtitle).font = Font(italic=True)
    for index, column in enumerate(columns, start=1):
        cell = write_cell(ws, row=HEADER_ROW, column=index, value=str(column.header))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(index)].width = column.width
    row_number = HEADER_ROW
    for item in rows:
        row_number += 1
        for index, column in enumerate(columns, start=1):
            value = column.value(item)
            cell = write_cell(ws, row=row_number, column=index, value=cell_value(value))
            cell.border = BORDER
            if isinstance(value, dt.date):
                cell.number_format = (
                    DATETIME_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT
                )
            elif column.number:
                cell.number_format = MONEY_FORMAT
            elif column.percent:
                cell.number_format = PERCENT_FORMAT
    first, last = HEADER_ROW + 1, row_number
    total_row = row_number + 1
    write_cell(ws, row=total_row, column=1, value=total_label).font = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        if not (column.number and column.summed):
            continue
        letter = get_column_letter(index)
        formula = f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0
        cell = write_cell(ws, row=total_row, column=index, value=formula, formula=True)
        cell.number_format = MONEY_FORMAT
        cell.font = Font(bold=True)
        cell.border = BORDER
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    print_setup(ws)
    return ws


def print_setup(ws: Worksheet) -> None:
    """Print like the PDFs: A4 landscape, the header row repeated on every page, the columns
    fitted to the page width (as many pages down as needed)."""
    ws.print_options.gridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def cell_value(value: Any) -> Any:
    """A date stays a date cell; an aware datetime becomes Vietnam's wall-clock time (Excel
    cells have no time zone, and UTC there read 02:53 where the PDF said 09:53)."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.make_naive(timezone.localtime(value))
    return value


def local_stamp(value: dt.datetime) -> str:
    """ "09:53 30/11/2026": a moment as Vietnam's wall clock reads it."""
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
