"""Demo data yields a non-empty version of every document, and loading it twice is a no-op."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from khuyencong.models import Locality
from proposals.models import Proposal
from reports.documents import render
from reports.models import PlanLine, PlanRun
from reports.selectors import latest_snapshot
from tests.reports.conftest import pdf_text, workbook


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")


def test_loading_the_demo_twice_changes_nothing(demo, django_capture_on_commit_callbacks):
    counts = (Proposal.objects.count(), PlanRun.objects.count(), PlanLine.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    assert (Proposal.objects.count(), PlanRun.objects.count(), PlanLine.objects.count()) == counts


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("dossier", "Ứng dụng máy sấy bánh tráng"),
        ("district-list", "KC-2026-9503"),
        ("annual-plan", "Số liệu tổng hợp lúc"),
        ("decision", "KC-2026-9504"),
        ("results", "Huyện Mang Thít"),
        ("reconciliation", "KC-2026-9502"),
    ],
)
def test_demo_data_gives_non_empty_documents(demo, kind, expected):
    assert latest_snapshot(2026) is not None
    params = {
        "dossier": {"proposal": Proposal.objects.get(code="KC-2026-9501").pk},
        "district-list": {"locality": Locality.objects.get(code="857").pk, "year": 2026},
    }.get(kind, {"year": 2026})
    assert expected in pdf_text(render(kind, params, "pdf").content)
    book = workbook(render(kind, params, "xlsx").content)
    assert all(ws.max_row > 4 for ws in book.worksheets)  # at least one data row per table
