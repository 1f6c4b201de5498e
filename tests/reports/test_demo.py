"""Demo data yields a non-empty version of every document and a plan snapshot."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from khuyencong.models import Locality
from khuyencong.seed.demo import plan_year
from proposals.models import Proposal
from reports.documents import render
from reports.models import PlanRun
from reports.selectors import latest_snapshot
from tests.reports.conftest import pdf_text, workbook


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")


def test_demo_data_gives_non_empty_documents(demo):
    year = plan_year()
    assert latest_snapshot(year) is not None
    assert PlanRun.objects.filter(year=year, trigger="demo").count() == 1
    in_progress = Proposal.objects.filter(state="in_progress").order_by("pk").first()
    submitted_857 = Proposal.objects.filter(state="submitted", locality__code="29611").first()
    approved = Proposal.objects.filter(state="approved").order_by("pk").first()
    settled = Proposal.objects.get(state="settled")
    expected = {
        "dossier": in_progress.title[:20],
        "district-list": submitted_857.code,
        "annual-plan": "Số liệu tổng hợp lúc",
        "decision": approved.code,
        "results": "Xã Nhơn Phú",
        "reconciliation": settled.code,
    }
    for kind, text in expected.items():
        params = {
            "dossier": {"proposal": in_progress.pk},
            "district-list": {
                "locality": Locality.objects.get(code="29611").pk,
                "year": submitted_857.plan_year,  # next year's plan is the one in review
            },
        }.get(kind, {"year": year})
        assert text in pdf_text(render(kind, params, "pdf").content), kind
        book = workbook(render(kind, params, "xlsx").content)
        assert all(ws.max_row > 4 for ws in book.worksheets), kind  # a data row per table
