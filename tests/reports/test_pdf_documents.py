"""Each of the six documents as PDF: Decree 30 header, title, totals, words, embedded font."""

from __future__ import annotations

import pytest
from django.utils import timezone

from reports.documents import render
from reports.services.plan import plan_aggregate
from tests.factories_reports import YEAR
from tests.reports.conftest import pdf_fonts, pdf_pages, pdf_text

NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def assert_official(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert NATIONAL in text
    assert MOTTO in text
    assert "Nơi nhận:" in text
    # Only the shipped font: no fallback font means no glyph was missing from it.
    assert pdf_fonts(content) <= {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",
    }
    return text


def assert_landscape_annex(content: bytes) -> None:
    pages = pdf_pages(content)
    assert 2 <= len(pages) <= 6
    first_w, first_h, _ = pages[0]
    assert first_w < first_h, "the letter itself is portrait A4"
    assert round(first_w) == 595 and round(first_h) == 842
    assert any(w > h for w, h, _ in pages[1:]), "the wide table sits on a landscape page"


def assert_page_numbers_from_two(content: bytes) -> None:
    # The page number is a margin box: pypdf puts it first or last in the page's text.
    pages = [text.split() for _, _, text in pdf_pages(content)]
    assert "1" not in (pages[0][0], pages[0][-1])
    assert "2" in (pages[1][0], pages[1][-1])


def test_the_dossier_has_the_header_the_cost_table_and_the_support_in_words(dataset):
    content = render("dossier", {"proposal": dataset["p1"].pk}, "pdf").content
    text = assert_official(content)
    assert "ĐỀ ÁN KHUYẾN CÔNG" in text
    assert "Máy sấy bánh tráng bằng năng lượng mặt trời" in text
    assert "Cơ sở A".upper() in text  # the facility issues its own dossier
    assert "300.000.000 đ" in text
    assert "Ba trăm triệu đồng" in text
    assert "Dự toán kinh phí".upper() in text
    assert "Nguyễn Văn A" in text  # the representative signs


def test_the_district_list_lists_the_districts_proposals_with_totals(dataset):
    content = render(
        "district-list", {"locality": dataset["p1"].facility.locality_id, "year": YEAR}, "pdf"
    ).content
    text = assert_official(content)
    assert "DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG NĂM 2027" in text
    # l1 holds P1, P2, P3 (not the draft P4, not l2's proposals)
    for code in (dataset["p1"].code, dataset["p2"].code, dataset["p3"].code):
        assert code in text
    for code in (dataset["p4"].code or "KC-none", dataset["p5"].code, dataset["p6"].code):
        assert code not in text
    assert "Tổng cộng (3 đề án)" in text
    assert "650.000.000" in text  # 300 + 200 + 150 million requested
    assert "Sáu trăm năm mươi triệu đồng" in text
    assert "Cơ sở gốm Đỗ Hữu" in text  # Đ, ỗ and ữ come out as they went in
    assert_landscape_annex(content)
    assert_page_numbers_from_two(content)


def test_the_annual_plan_reads_the_snapshot_and_says_when_it_was_taken(dataset):
    run = plan_aggregate(year=YEAR)
    content = render("annual-plan", {"year": YEAR}, "pdf").content
    text = assert_official(content)
    assert "KẾ HOẠCH KHUYẾN CÔNG NĂM 2027" in text
    assert "Số liệu tổng hợp lúc" in text
    assert timezone.localtime(run.finished_at).strftime("%H:%M %d/%m/%Y") in text
    assert "Theo nội dung hoạt động".lower() in text.lower()
    assert "Theo địa bàn".lower() in text.lower()
    assert "Theo nguồn kinh phí".lower() in text.lower()
    assert "Ứng dụng máy móc thiết bị tiên tiến" in text
    assert "Huyện Mang Thít" in text
    assert "Kinh phí khuyến công quốc gia" in text
    assert "1.150.000.000" in text  # requested: 300 + 200 + 150 + 100 + 400 million
    assert "750.000.000" in text  # approved: 250 + 200 + 300 million
    assert "Bảy trăm năm mươi triệu đồng" in text
    assert_landscape_annex(content)


def test_the_annual_plan_without_a_snapshot_says_so(world):
    text = pdf_text(render("annual-plan", {"year": YEAR}, "pdf").content)
    assert "Chưa có số liệu tổng hợp cho năm 2027" in text


def test_the_decision_approves_the_proposals_with_the_amount_in_words(dataset):
    content = render("decision", {"year": YEAR}, "pdf").content
    text = assert_official(content)
    assert "QUYẾT ĐỊNH" in text
    assert "Về việc phê duyệt đề án khuyến công năm 2027" in text
    assert "Phê duyệt 3 đề án" in text
    assert "750.000.000 đ" in text
    assert "Bảy trăm năm mươi triệu đồng" in text
    assert "PHỤ LỤC" in text
    assert "ngày 20 tháng 02 năm 2027" in text  # the latest decision date, Decree 30 style
    assert dataset["p3"].code not in text  # only approved proposals
    assert_landscape_annex(content)


def test_a_decision_by_number_holds_only_its_proposals(dataset):
    text = pdf_text(
        render("decision", {"year": YEAR, "decision_number": "15/QĐ-SCT"}, "pdf").content
    )
    assert "Số: 15/QĐ-SCT" in text
    assert "Phê duyệt 2 đề án" in text
    assert "450.000.000 đ" in text
    assert "Bốn trăm năm mươi triệu đồng" in text
    assert dataset["p6"].code not in text


def test_the_results_report_gives_counts_money_rates_jobs_and_facilities(dataset):
    content = render("results", {"year": YEAR}, "pdf").content
    text = assert_official(content)
    assert "Kết quả thực hiện kế hoạch khuyến công năm 2027".upper() in text.upper()
    assert "5 đề án khuyến công được đề xuất" in text
    assert "3 đề án được phê duyệt" in text
    # allocated 250 + 180 + 300 = 730; disbursed (confirmed) 100 + 180 = 280 → 38,4%
    assert "730.000.000 đ" in text
    assert "280.000.000 đ" in text
    assert "38,4%" in text
    assert "18 lao động" in text  # 5 + 3 + 10
    assert "2 cơ sở" in text  # Cơ sở A (twice) and Cơ sở B
    assert "Huyện Long Hồ" in text and "Huyện Mang Thít" in text
    assert_landscape_annex(content)


def test_the_reconciliation_report_matches_the_budget_tables(dataset):
    content = render("reconciliation", {"year": YEAR}, "pdf").content
    text = assert_official(content)
    assert "Đối chiếu kinh phí khuyến công năm 2027".upper() in text.upper()
    assert "Kính gửi: Sở Tài chính tỉnh Vĩnh Long" in text
    assert "1.400.000.000 đ" in text  # granted: 1,000 - 100 + 500 million
    assert "430.000.000 đ" in text  # confirmed allocations net of releases: 250 + 180
    assert "280.000.000 đ" in text  # confirmed disbursements
    assert "50.000.000 đ" in text  # the payment that waits for Finance
    assert "180.000.000 đ" in text
    assert "Một trăm tám mươi triệu đồng" in text  # the settlement in words
    assert_landscape_annex(content)


@pytest.mark.parametrize(
    "kind", ["dossier", "district-list", "annual-plan", "decision", "results", "reconciliation"]
)
def test_every_document_dates_itself_in_words(dataset, kind):
    params = {
        "dossier": {"proposal": dataset["p1"].pk},
        "district-list": {"locality": dataset["p1"].facility.locality_id, "year": YEAR},
    }.get(kind, {"year": YEAR})
    text = pdf_text(render(kind, params, "pdf").content)
    # A district's list is dated at the district's own place, the others at the province's.
    assert ("Long Hồ, ngày " if kind == "district-list" else "Vĩnh Long, ngày ") in text
    assert " tháng " in text and " năm " in text
