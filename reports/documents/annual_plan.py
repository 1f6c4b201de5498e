"""(3) The provincial annual plan: tables by activity, locality and fund, from the snapshot."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from openpyxl import Workbook

from proposals.models import Proposal
from reports import excel
from reports.documents.base import cited_bases, department
from reports.selectors import approved_plan, latest_snapshot, snapshot_of
from reports.services.plan import APPROVED

KIND = "annual-plan"
TEMPLATE = "reports/print/annual_plan.html"

MONEY = ("requested", "recommended", "approved", "allocated")
ANNEX_FIELDS = (
    "code",
    "title",
    "facility__name",
    "locality__name",
    "activity_type__name",
    "approved_amount",
    "decision_date",
)


def annex_rows(year: int) -> list[dict[str, Any]]:
    """The approved proposals of ``year`` (the plan's annex), one query, plain values."""
    return list(
        Proposal.objects.filter(plan_year=year, state__in=APPROVED)
        .order_by("locality__name", "code")
        .values(*ANNEX_FIELDS)
    )


def frozen_annex(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The annex as JSON keeps it in an approved plan: dates as ISO text."""
    return [
        {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}
        for row in rows
    ]


def thawed_annex(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An approved plan's stored annex with its dates back as dates (documents format them)."""
    return [
        {
            **row,
            "decision_date": dt.date.fromisoformat(row["decision_date"])
            if row.get("decision_date")
            else None,
        }
        for row in rows
    ]


def context(*, year: int) -> dict[str, Any]:
    # An approved plan is printed as approved: its frozen figures and annex, with its decision.
    approval = approved_plan(year)
    snapshot = snapshot_of(approval.run) if approval else latest_snapshot(year)
    header = department(
        title=f"Kế hoạch khuyến công năm {year}",
        subtitle=f"của {settings.DEPARTMENT_NAME}",
        symbol="KH-SCT",
        recipients=[
            f"UBND tỉnh {settings.PROVINCE_NAME} (báo cáo)",
            f"Sở Tài chính tỉnh {settings.PROVINCE_NAME}",
            "UBND các huyện, thị xã, thành phố"
            if settings.INTERMEDIATE_LEVEL == "district"
            else "UBND các xã, phường",
            "Trung tâm Khuyến công",
            "Lưu: VT",
        ],
        signature_authority="",
        signature_position="Giám đốc",
    )
    tables = []
    if snapshot:
        tables = [
            (
                "Theo nội dung hoạt động",
                "Nội dung hoạt động",
                snapshot.by_activity,
                "activity_type__name",
            ),
            ("Theo địa bàn", "Địa bàn", snapshot.by_locality, "locality__name"),
            ("Theo nguồn kinh phí", "Nguồn kinh phí", snapshot.by_fund, "fund_source__name"),
        ]
    for _title, _label, rows, key in tables:
        for row in rows:
            row["label"] = row[key] or "(chưa xác định)"
    return {
        "doc": header,
        "year": year,
        "bases": cited_bases("annual-plan"),
        "snapshot": snapshot,
        "tables": [
            {"title": t, "label": label, "rows": rows, "key": key} for t, label, rows, key in tables
        ],
        "annex": thawed_annex(approval.annex)
        if approval
        else (annex_rows(year) if snapshot else []),
        "approval": approval,
        "filename": f"ke-hoach-khuyen-cong-{year}",
    }


def workbook(ctx: dict[str, Any]) -> Workbook:
    book = excel.new_workbook()
    snapshot = ctx["snapshot"]
    taken = (
        f"Số liệu tổng hợp lúc {excel.local_stamp(snapshot.taken_at)}"
        if snapshot
        else "Chưa có số liệu tổng hợp"
    )
    if ctx["approval"]:
        approval = ctx["approval"]
        taken = (
            f"Ban hành kèm theo Quyết định số {approval.decision_number} "
            f"ngày {approval.decision_date:%d/%m/%Y}. {taken}"
        )
    tables = ctx["tables"] or [
        {"title": "Theo nội dung hoạt động", "label": "Nội dung hoạt động", "rows": [], "key": ""}
    ]
    for table in tables:
        excel.add_table(
            book,
            sheet=table["title"],
            title=f"{ctx['doc'].title} – {table['title'].lower()}",
            subtitle=taken,
            columns=[
                excel.Column(table["label"], lambda r: r["label"], width=40),
                excel.Column("Số đề án", lambda r: r["n_submitted"], number=True, width=10),
                excel.Column("Được phê duyệt", lambda r: r["n_approved"], number=True, width=10),
                excel.Column("Kinh phí đề nghị (đồng)", lambda r: r["requested"], number=True),
                excel.Column("Hội đồng đề nghị (đồng)", lambda r: r["recommended"], number=True),
                excel.Column("Được phê duyệt (đồng)", lambda r: r["approved"], number=True),
                excel.Column("Đã phân bổ (đồng)", lambda r: r["allocated"], number=True),
            ],
            rows=table["rows"],
        )
    excel.add_table(
        book,
        sheet="Danh mục đề án",
        title=f"{ctx['doc'].title} – danh mục đề án được phê duyệt",
        subtitle=taken,
        columns=[
            excel.Column("Mã hồ sơ", lambda r: r["code"], width=16),
            excel.Column("Tên đề án", lambda r: r["title"], width=50),
            excel.Column("Cơ sở thụ hưởng", lambda r: r["facility__name"], width=30),
            excel.Column("Địa bàn", lambda r: r["locality__name"], width=20),
            excel.Column("Nội dung hoạt động", lambda r: r["activity_type__name"] or "", width=30),
            excel.Column(
                "Kinh phí được phê duyệt (đồng)", lambda r: r["approved_amount"] or 0, number=True
            ),
            excel.Column("Ngày quyết định", lambda r: r["decision_date"], width=14),
        ],
        rows=ctx["annex"],
    )
    return book
