"""The Excel twins print like the PDFs, hold dates as date cells and read Vietnam's clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from reports.documents import render
from reports.models import PlanRun
from reports.services.plan import plan_aggregate
from tests.factories_reports import YEAR
from tests.reports.conftest import workbook

KINDS = ["dossier", "district-list", "annual-plan", "decision", "results", "reconciliation"]


def params(dataset, kind):
    return {
        "dossier": {"proposal": dataset["p1"].pk},
        "district-list": {"locality": dataset["p1"].locality_id, "year": YEAR},
    }.get(kind, {"year": YEAR})


@pytest.mark.parametrize("kind", KINDS)
def test_every_sheet_prints_a4_landscape_fit_to_width_with_the_header_repeated(dataset, kind):
    book = workbook(render(kind, params(dataset, kind), "xlsx").content)
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert int(ws.page_setup.paperSize) == 9  # A4 in the OOXML paper-size table
        assert ws.print_title_rows == "$3:$3", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)


def test_the_annual_plan_workbook_says_the_time_the_pdf_says(dataset):
    plan_aggregate(year=YEAR)
    # 02:53 UTC is 09:53 in Vietnam.
    PlanRun.objects.filter(year=YEAR).update(
        finished_at=dt.datetime(2026, 11, 30, 2, 53, tzinfo=dt.UTC),
        started_at=dt.datetime(2026, 11, 30, 2, 53, tzinfo=dt.UTC),
    )
    book = workbook(render("annual-plan", {"year": YEAR}, "xlsx").content)
    subtitle = book.worksheets[0]["A2"].value
    assert "09:53 30/11/2026" in subtitle, subtitle
    assert timezone.get_current_timezone_name() == "Asia/Ho_Chi_Minh"


def test_the_annual_plan_annex_holds_the_decision_date_as_a_date_cell(dataset):
    plan_aggregate(year=YEAR)
    book = workbook(render("annual-plan", {"year": YEAR}, "xlsx").content)
    ws = book["Danh mục đề án"]
    dates = [
        row[6]
        for row in ws.iter_rows(min_row=4, values_only=True)
        if row[0] and row[0] != "Tổng cộng"
    ]
    assert (
        dt.datetime(2027, 2, 6) in dates
    )  # P1's decision of 06/02/2027 (openpyxl reads a datetime)
    cell = next(c for c in ws["G"][3:] if c.value == dt.datetime(2027, 2, 6))
    assert cell.number_format == "DD/MM/YYYY"
