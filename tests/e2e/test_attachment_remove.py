"""Removing an attachment in a real browser: the confirmation (no inline script) guards it."""

from __future__ import annotations

from khuyencong.seed import demo
from proposals.models import Attachment
from tests.e2e.conftest import axe_violations, login
from tests.factories import ProposalFactory
from tests.factories_submission import make_attachment


def test_the_facility_confirms_before_a_file_is_removed(page, people):
    owner = people["facility1"]
    proposal = ProposalFactory(facility=owner.facility, created_by=owner, state="draft")
    wrong = make_attachment(proposal, Attachment.Kind.OTHER)
    wrong.original_name = "nham-tep.pdf"
    wrong.save(update_fields=["original_name"])
    make_attachment(proposal, Attachment.Kind.REGISTRATION)
    login(page, "facility1", demo.DEMO_PASSWORD)
    page.goto(f"{page.base_url}/proposals/{proposal.pk}/edit/")
    button = page.locator(f"form[action$='/attachments/{wrong.pk}/remove/'] button")

    # Cancelling the confirmation leaves the file where it was.
    page.once("dialog", lambda dialog: dialog.dismiss())
    button.click()
    page.wait_for_load_state("networkidle")
    wrong.refresh_from_db()
    assert wrong.is_current and "/edit/" in page.url

    messages = []

    def accept(dialog) -> None:
        messages.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    with page.expect_navigation():
        button.click()
    assert messages == ["Gỡ tệp “nham-tep.pdf” khỏi hồ sơ? Tệp vẫn được lưu trong lịch sử hồ sơ."]
    assert page.url.endswith("#attachments")
    assert page.get_by_text("Đã gỡ “nham-tep.pdf” khỏi hồ sơ").is_visible()
    wrong.refresh_from_db()
    assert wrong.removed_by == owner
    # Gone from the current list, kept (and downloadable) in the history below it.
    assert page.locator(f"form[action$='/attachments/{wrong.pk}/remove/']").count() == 0
    assert page.locator(f"#old-attachments a[href$='/attachments/{wrong.pk}/download/']").count()
    assert axe_violations(page) == []
