"""A refused review action re-renders the whole proposal page with the error in the action box.

Issue 13: after "Trả lại" without a reason the page showed "Chưa có dòng dự toán nào" and
"Chưa có tài liệu" while the totals still said 800.000.000 đ; the officer lost the dossier
while correcting the form.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from khuyencong.models import AuditLog
from proposals.models import Proposal, State
from proposals.services.submission import proposal_submit
from tests.factories_review import proposal_in
from tests.factories_submission import complete_draft


@pytest.fixture
def submitted(world) -> Proposal:
    owner = world.users["facility"]
    return proposal_submit(actor=owner, proposal=complete_draft(owner))


def act(user, proposal: Proposal, action: str, data: dict) -> tuple[int, str]:
    client = Client()
    client.force_login(user)
    response = client.post(reverse("proposals:proposal_act", args=[proposal.pk, action]), data)
    return response.status_code, response.content.decode()


def action_box(page: str) -> str:
    match = re.search(
        r'<section class="card mb-3" aria-labelledby="actions-h".*?</section>', page, re.S
    )
    assert match, "the action box is missing"
    return match.group(0)


def assert_whole_page(page: str) -> None:
    assert "Máy đóng gói tự động" in page  # the cost line
    assert "Chưa có dòng dự toán nào" not in page
    assert "giay-phep.pdf" in page  # the documents
    assert "Chưa có tài liệu" not in page
    history = page.split('id="timeline-h"', 1)[1]
    assert '<ol class="timeline' in history.split("</section>", 1)[0]  # the submission's entry
    assert "800.000.000" in page


def test_returning_without_a_reason_shows_the_whole_page_and_the_error_in_the_box(world, submitted):
    audit_rows = AuditLog.objects.count()
    status, page = act(world.users["district"], submitted, "return", {"return-reason": "   "})
    assert status == 400
    assert_whole_page(page)
    box = action_box(page)
    assert re.search(r'<details[^>]* open data-action="return"', box)
    assert "Trường này là bắt buộc" in box
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED and submitted.last_reason == ""
    assert AuditLog.objects.count() == audit_rows


def test_a_service_refusal_shows_the_whole_page_and_its_message_in_the_box(world, submitted):
    taken = proposal_in(
        "forwarded",
        facility=world.users["facility"].facility,
        district_priority=3,
        plan_year=submitted.plan_year,
    )
    audit_rows = AuditLog.objects.count()
    status, page = act(
        world.users["district"],
        submitted,
        "forward",
        {"forward-opinion": "Đồng ý chuyển", "forward-priority": 3},
    )
    assert status == 400
    assert_whole_page(page)
    box = action_box(page)
    assert "Thứ tự ưu tiên 3" in box and taken.code in box
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED and submitted.district_priority is None
    assert AuditLog.objects.count() == audit_rows
