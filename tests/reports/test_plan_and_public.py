"""The plan page with its "run now" button, the snapshot panel, the public list, the command."""

from __future__ import annotations

import csv
import io
import json

from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reports.models import PlanRun
from reports.selectors import latest_snapshot
from reports.services.plan import plan_aggregate
from tests.factories_reports import YEAR
from tests.reports.conftest import pdf_text, workbook


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_run_now_aggregates_and_the_page_says_when(
    dataset, world, django_capture_on_commit_callbacks
):
    client = client_for(world.users["dit"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:plan_run"), {"year": YEAR})
    assert response.status_code == 302
    run = PlanRun.objects.get()
    assert (run.status, run.trigger, run.triggered_by) == ("done", "manual", world.users["dit"])
    page = client.get(response["Location"]).content.decode()
    taken = timezone.localtime(run.finished_at).strftime("%H:%M %d/%m/%Y")
    assert f"Số liệu tổng hợp lúc {taken}" in page
    assert "Tổng hợp ngay" in page
    assert "1.150.000.000 đ" in page


def test_the_leader_sees_the_plan_without_the_run_button(dataset, world):
    plan_aggregate(year=YEAR)
    page = (
        client_for(world.users["leader"])
        .get(reverse("reports:plan"), {"year": YEAR})
        .content.decode()
    )
    assert "Tổng hợp ngay" not in page
    assert "Chỉ chuyên viên Sở Công Thương được chạy tổng hợp ngay." in page


def test_a_bad_year_is_refused_with_a_message(world):
    response = client_for(world.users["dit"]).post(
        reverse("reports:plan_run"), {"year": "abc"}, follow=True
    )
    assert "Năm kế hoạch không hợp lệ." in response.content.decode()
    assert not PlanRun.objects.exists()


def test_the_snapshot_panel_for_dashboards(dataset):
    empty = render_to_string("reports/_snapshot_panel.html", {"snapshot": None, "year": YEAR})
    assert "Chưa có số liệu tổng hợp cho năm 2027." in empty
    run = plan_aggregate(year=YEAR)
    panel = render_to_string(
        "reports/_snapshot_panel.html", {"snapshot": latest_snapshot(YEAR), "year": YEAR}
    )
    assert timezone.localtime(run.finished_at).strftime("%H:%M %d/%m/%Y") in panel
    assert "750.000.000 đ" in panel


def test_the_plan_page_query_count_does_not_grow_with_lines(world, dataset):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ActivityTypeFactory, ProposalFactory

    client = client_for(world.users["dit"])

    def counts() -> tuple[int, int]:
        """Queries of the page with the snapshot's tables not cached, then cached."""
        cache.clear()
        client.get(reverse("reports:plan"), {"year": YEAR})  # per-process caches
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            client.get(reverse("reports:plan"), {"year": YEAR})
        with CaptureQueriesContext(connection) as warm:
            client.get(reverse("reports:plan"), {"year": YEAR})
        return len(cold), len(warm)

    plan_aggregate(year=YEAR)
    few = counts()
    for n in range(16):
        ProposalFactory(
            facility=dataset["p1"].facility,
            plan_year=YEAR,
            activity_type=ActivityTypeFactory(code=f"extra-{n}"),
        )
    plan_aggregate(year=YEAR)
    many = counts()
    assert many == few
    assert few[1] < few[0]  # the tables of a finished run are served from the cache


# --- the public list ---------------------------------------------------------------------


def test_the_public_list_shows_approved_proposals_without_personal_data(dataset):
    page = Client().get(reverse("reports:public_list"), {"year": YEAR}).content.decode()
    for key in ("p1", "p2", "p6"):
        assert dataset[key].code in page
    for key in ("p3", "p5"):
        assert dataset[key].code not in page
    assert dataset["p7"].code not in page  # another year
    facility = dataset["p1"].facility
    for private in (facility.phone, facility.email, facility.representative, facility.tax_code):
        assert private not in page


def test_the_public_csv_and_json(dataset):
    client = Client()
    raw = client.get(reverse("reports:public_list_csv"), {"year": YEAR}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    assert rows[0] == [
        "Mã hồ sơ",
        "Cơ sở",
        "Địa bàn",
        "Nội dung hoạt động",
        "Kinh phí hỗ trợ",
        "Trạng thái",
    ]
    assert len(rows) == 4
    assert sum(int(row[4]) for row in rows[1:]) == 750_000_000
    data = json.loads(client.get(reverse("reports:public_list_json"), {"year": YEAR}).content)
    assert data["year"] == YEAR and data["count"] == 3
    assert set(data["proposals"][0]) == {
        "code",
        "facility",
        "locality",
        "activity",
        "approved",
        "state",
    }
    facility = dataset["p1"].facility
    dumped = json.dumps(data, ensure_ascii=False) + raw
    for private in (facility.phone, facility.email, facility.representative, facility.tax_code):
        assert private not in dumped


def test_the_public_list_is_empty_for_a_year_without_approvals(db):
    page = Client().get(reverse("reports:public_list"), {"year": 2031}).content.decode()
    assert "Chưa có đề án nào được phê duyệt trong năm 2031." in page


def test_the_public_list_query_count_does_not_grow(dataset, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ProposalFactory

    client = Client()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reports:public_list"), {"year": YEAR})
    ProposalFactory.create_batch(18, state="approved", plan_year=YEAR, approved_amount=1)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("reports:public_list"), {"year": YEAR})


# --- render_report ---------------------------------------------------------------------


def test_render_report_writes_each_document(dataset, world, tmp_path):
    plan_aggregate(year=YEAR)
    pdf = tmp_path / "plan.pdf"
    call_command(
        "render_report", "annual-plan", "--year", str(YEAR), "--format", "pdf", "-o", str(pdf)
    )
    assert "KẾ HOẠCH KHUYẾN CÔNG NĂM 2027" in pdf_text(pdf.read_bytes())
    xlsx = tmp_path / "list.xlsx"
    call_command(
        "render_report",
        "district-list",
        "--year",
        str(YEAR),
        "--locality",
        "857",
        "--format",
        "xlsx",
        "-o",
        str(xlsx),
    )
    assert workbook(xlsx.read_bytes()).active.freeze_panes == "A4"
    dossier = tmp_path / "dossier.pdf"
    call_command("render_report", "dossier", "--proposal", dataset["p1"].code, "-o", str(dossier))
    assert dataset["p1"].code in pdf_text(dossier.read_bytes())


def test_render_report_refuses_missing_parameters(db, tmp_path):
    import pytest

    with pytest.raises(CommandError, match="--year is required"):
        call_command("render_report", "results", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="--locality"):
        call_command(
            "render_report",
            "district-list",
            "--year",
            "2027",
            "--locality",
            "999",
            "-o",
            str(tmp_path / "x.pdf"),
        )
