"""(5) The annual results report: counts, money, disbursement rates, jobs, facilities."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from openpyxl import Workbook

from reports import excel
from reports.documents.base import cited_bases, department, figures, figures_total

KIND = "results"
TEMPLATE = "reports/print/results.html"


def context(*, year: int) -> dict[str, Any]:
    by_locality = figures(year, "locality__code", "locality__name")
    by_activity = figures(year, "activity_type__code", "activity_type__name")
    for row in by_locality:
        row["label"] = row["locality__name"]
    for row in by_activity:
        row["label"] = row["activity_type__name"] or "(chưa xác định)"
    header = department(
        title="Báo cáo",
        subtitle=f"Kết quả thực hiện kế hoạch khuyến công năm {year}",
        symbol="BC-SCT",
        recipients=[
            # The body that runs the national programme since 2025 (QĐ 2646/QĐ-BCT, 23/9/2025).
            "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công – Bộ Công Thương",
            f"UBND tỉnh {settings.PROVINCE_NAME}",
            f"Sở Tài chính tỉnh {settings.PROVINCE_NAME}",
            "Lưu: VT, TTKC",
        ],
    )
    return {
        "doc": header,
        "year": year,
        "bases": cited_bases("results"),
        "tables": [
            {"title": "Theo địa bàn", "label": "Địa bàn", "rows": by_locality},
            {
                "title": "Theo nội dung hoạt động",
                "label": "Nội dung hoạt động",
                "rows": by_activity,
            },
        ],
        "totals": figures_total(year),
        "filename": f"bao-cao-ket-qua-{year}",
    }


def workbook(ctx: dict[str, Any]) -> Workbook:
    book = excel.new_workbook()
    for table in ctx["tables"]:
        excel.add_table(
            book,
            sheet=table["title"],
            title=f"Kết quả thực hiện kế hoạch khuyến công năm {ctx['year']} – "
            f"{table['title'].lower()}",
            columns=[
                excel.Column(table["label"], lambda r: r["label"], width=36),
                excel.Column("Số đề án", lambda r: r["n_submitted"], number=True, width=10),
                excel.Column("Được phê duyệt", lambda r: r["n_approved"], number=True, width=10),
                excel.Column("Đã nghiệm thu", lambda r: r["n_accepted"], number=True, width=10),
                excel.Column("Kinh phí phê duyệt (đồng)", lambda r: r["approved"], number=True),
                excel.Column("Đã phân bổ (đồng)", lambda r: r["allocated"], number=True),
                excel.Column("Đã giải ngân (đồng)", lambda r: r["disbursed"], number=True),
                excel.Column("Tỷ lệ giải ngân", lambda r: r["disbursement_rate"], percent=True),
                excel.Column("Đã quyết toán (đồng)", lambda r: r["settled"], number=True),
                excel.Column("Lao động mới", lambda r: r["jobs"], number=True, width=10),
                excel.Column(
                    "Cơ sở được hỗ trợ",
                    lambda r: r["facilities"],
                    number=True,
                    summed=False,
                    width=10,
                ),
            ],
            rows=table["rows"],
        )
    return book
