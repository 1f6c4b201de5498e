"""Issue 18 (2): the repeated rows of a proposal are bounded, a document with many rows is built
by a time-limited task, and the largest dossier a proposal may have renders within that limit.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.urls import reverse

from khuyencong.exceptions import ServiceError
from proposals.models import CostLine
from proposals.monitoring.services.records import progress_report_submit
from proposals.services.submission import attachment_upload, costline_add
from reports.documents import is_small, render
from reports.models import GeneratedDocument
from reports.tasks import build_document
from tests.factories import CostLineFactory, ProposalFactory
from tests.factories_monitoring import in_progress_proposal, lines_of
from tests.factories_submission import upload
from tests.reports.conftest import pdf_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world):
    owner = world.users["facility"]
    return ProposalFactory(facility=owner.facility, created_by=owner, state="draft")


def add_line(world, proposal):
    return costline_add(
        actor=world.users["facility"],
        proposal=proposal,
        content="Máy sấy",
        unit="máy",
        quantity=1,
        unit_price=10_000_000,
        requested_support=5_000_000,
    )


def test_a_proposal_holds_at_most_max_cost_lines(world, draft, settings):
    settings.MAX_COST_LINES = 3
    for _ in range(3):
        add_line(world, draft)
    with pytest.raises(ServiceError, match="tối đa 3 dòng dự toán"):
        add_line(world, draft)
    assert draft.lines.count() == 3


def test_a_proposal_holds_at_most_max_attachments(world, draft, settings):
    settings.MAX_ATTACHMENTS = 1
    attachment_upload(
        actor=world.users["facility"], proposal=draft, kind="quotation", upload=upload()
    )
    with pytest.raises(ServiceError, match="tối đa 1 tệp đính kèm"):
        attachment_upload(
            actor=world.users["facility"], proposal=draft, kind="quotation", upload=upload()
        )
    assert draft.attachments.count() == 1


def test_a_proposal_holds_at_most_max_progress_reports(world, settings):
    settings.MAX_PROGRESS_REPORTS = 1
    owner = world.users["facility"]
    proposal = in_progress_proposal(owner)
    line, _other = lines_of(proposal)

    def report(percent: int):
        return progress_report_submit(
            proposal=proposal,
            actor=owner,
            percent_done=percent,
            work_done="Mua sắm.",
            spendings={line.pk: (1_000_000, 0)},
        )

    report(10)
    with pytest.raises(ServiceError, match="tối đa 1 báo cáo tiến độ"):
        report(20)
    assert proposal.progress_reports.count() == 1


def test_a_dossier_with_many_rows_is_queued_instead_of_rendered_in_the_request(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.DOCUMENT_DIRECT_MAX_ROWS = 2
    proposal = ProposalFactory(facility=world.users["facility"].facility, state="submitted")
    CostLineFactory.create_batch(2, proposal=proposal)
    assert is_small("dossier", {"proposal": proposal.pk})
    CostLineFactory(proposal=proposal)
    assert not is_small("dossier", {"proposal": proposal.pk})

    client.force_login(world.users["dit"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(
            reverse("reports:document_direct"),
            {"kind": "dossier", "format": "pdf", "proposal": proposal.pk},
        )
    document = GeneratedDocument.objects.get(owner=world.users["dit"])
    assert response["Location"] == reverse("reports:document_detail", args=[document.pk])
    assert (document.kind, document.status) == ("dossier", GeneratedDocument.Status.DONE)


def test_the_document_task_has_soft_and_hard_time_limits():
    assert build_document.soft_time_limit == settings.DOCUMENT_SOFT_TIME_LIMIT == 300
    assert build_document.time_limit == settings.DOCUMENT_TIME_LIMIT == 360


def test_the_largest_allowed_dossier_renders_within_the_task_limit(world):
    proposal = ProposalFactory(facility=world.users["facility"].facility, state="submitted")
    long_text = ("Máy sấy bánh tráng năng lượng mặt trời, khung inox 304, " * 10)[:500]
    CostLine.objects.bulk_create(
        CostLine(
            proposal=proposal,
            position=index,
            content=long_text,
            unit="bộ",
            quantity=1,
            unit_price=1_000_000,
            amount=1_000_000,
            requested_support=500_000,
            counterpart=500_000,
        )
        for index in range(1, settings.MAX_COST_LINES + 1)
    )
    # CPU time of this process: the render is single-threaded here, and the wall clock of a
    # machine shared by many test runs measures the others' work too.
    started = time.process_time()
    pdf = render("dossier", {"proposal": proposal.pk}, "pdf").content
    xlsx = render("dossier", {"proposal": proposal.pk}, "xlsx").content
    elapsed = time.process_time() - started
    print(
        f"dossier of {settings.MAX_COST_LINES} lines: {len(pdf_pages(pdf))} pages, "
        f"{elapsed:.1f} s of CPU"
    )
    assert len(pdf_pages(pdf)) > 10 and xlsx
    # A third of the soft limit leaves room for a slower production worker.
    assert elapsed < settings.DOCUMENT_SOFT_TIME_LIMIT / 3
