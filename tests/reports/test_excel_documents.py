"""The Excel twins: frozen header, thousands separators, totals equal to the database."""

from __future__ import annotations

from django.db.models import Sum

from proposals.models import CostLine, Proposal
from reports.documents import render
from reports.excel import MONEY_FORMAT
from reports.services.plan import APPROVED, plan_aggregate
from tests.factories import CostLineFactory
from tests.factories_reports import YEAR, M
from tests.reports.conftest import column_of, sum_formula, totals_row, workbook


def check_sheet(ws, header: str, expected: int) -> None:
    """Frozen below the header, money formatted, and the total equal to ``expected``."""
    assert ws.freeze_panes == "A4"
    column = column_of(ws, header)
    total = ws.cell(row=totals_row(ws), column=column)
    assert total.number_format == MONEY_FORMAT
    assert all(
        ws.cell(row=r, column=column).number_format == MONEY_FORMAT
        for r in range(4, totals_row(ws))
    )
    assert sum_formula(ws, total) == expected


def test_the_dossier_workbook_totals_the_cost_lines(dataset):
    proposal = dataset["p1"]
    CostLineFactory(proposal=proposal, amount=500 * M, requested_support=200 * M)
    CostLineFactory(proposal=proposal, amount=300 * M, requested_support=100 * M)
    book = workbook(render("dossier", {"proposal": proposal.pk}, "xlsx").content)
    assert book.sheetnames == ["Dự toán kinh phí"]
    ws = book["Dự toán kinh phí"]
    expected = CostLine.objects.filter(proposal=proposal).aggregate(s=Sum("amount"))["s"]
    check_sheet(ws, "Thành tiền (đồng)", expected)
    check_sheet(ws, "Khuyến công hỗ trợ (đồng)", 300 * M)


def test_the_district_list_workbook_equals_the_database(dataset, world):
    book = workbook(
        render("district-list", {"locality": world.l1.pk, "year": YEAR}, "xlsx").content
    )
    ws = book.active
    expected = (
        Proposal.objects.filter(plan_year=YEAR, facility__locality=world.l1)
        .exclude(state="draft")
        .aggregate(s=Sum("requested_support"))["s"]
    )
    check_sheet(ws, "Đề nghị hỗ trợ (đồng)", expected)
    assert ws.max_row == 3 + 3 + 1  # header rows, three proposals, totals


def test_the_annual_plan_workbook_has_one_sheet_per_table(dataset):
    plan_aggregate(year=YEAR)
    book = workbook(render("annual-plan", {"year": YEAR}, "xlsx").content)
    assert book.sheetnames == [
        "Theo nội dung hoạt động",
        "Theo địa bàn",
        "Theo nguồn kinh phí",
        "Danh mục đề án",
    ]
    approved = Proposal.objects.filter(plan_year=YEAR, state__in=APPROVED).aggregate(
        s=Sum("approved_amount")
    )["s"]
    check_sheet(book["Danh mục đề án"], "Kinh phí được phê duyệt (đồng)", approved)
    for ws in book.worksheets[:3]:
        check_sheet(ws, "Được phê duyệt (đồng)", approved)
        check_sheet(ws, "Kinh phí đề nghị (đồng)", 1_150 * M)
        assert str(ws["A2"].value).startswith("Số liệu tổng hợp lúc")


def test_the_decision_annex_workbook_equals_the_approved_total(dataset):
    book = workbook(render("decision", {"year": YEAR}, "xlsx").content)
    check_sheet(book["Phụ lục"], "Kinh phí phê duyệt (đồng)", 750 * M)


def test_the_results_workbook_has_locality_and_activity_sheets(dataset):
    book = workbook(render("results", {"year": YEAR}, "xlsx").content)
    assert book.sheetnames == ["Theo địa bàn", "Theo nội dung hoạt động"]
    for ws in book.worksheets:
        check_sheet(ws, "Đã giải ngân (đồng)", 280 * M)
        check_sheet(ws, "Đã phân bổ (đồng)", 730 * M)
        rate = column_of(ws, "Tỷ lệ giải ngân")
        assert ws.cell(row=4, column=rate).number_format == "0.0%"


def test_the_reconciliation_workbook_by_fund_and_by_proposal(dataset):
    book = workbook(render("reconciliation", {"year": YEAR}, "xlsx").content)
    check_sheet(book["Theo nguồn kinh phí"], "Dự toán được giao (đồng)", 1_400 * M)
    check_sheet(book["Theo nguồn kinh phí"], "Giải ngân chờ xác nhận", 50 * M)
    check_sheet(book["Theo đề án"], "Đã phân bổ (đồng)", 730 * M)
    check_sheet(book["Theo đề án"], "Quyết toán (đồng)", 180 * M)
