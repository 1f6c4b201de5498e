"""Every error appears where the user acted, in a real browser under the production CSP.

- A review action refused (returning without a reason) re-renders the whole proposal page
  with the error in the action box: cost lines, documents and history stay in view.
- An htmx form refused for another reason than its input (the dossier was submitted from
  another tab: 403) says why next to the form instead of silently doing nothing.
- The amount preview of a money form (htmx GET) says what is wrong with a typed amount.
The cost-line forms' own field errors are covered in test_forms_seen.py.
"""

from __future__ import annotations

from budgets.models import Appropriation
from khuyencong.models import AuditLog
from khuyencong.seed import demo
from proposals.models import CostLine, Proposal, State
from proposals.services.submission import proposal_submit
from tests.e2e.conftest import login, screenshot
from tests.factories_submission import complete_draft


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_returning_without_a_reason_keeps_the_whole_page_and_shows_the_error_in_the_box(
    strict_page, people
):
    owner = people["facility1"]
    proposal = proposal_submit(actor=owner, proposal=complete_draft(owner))
    audit_rows = AuditLog.objects.count()
    login(strict_page, "district1", demo.DEMO_PASSWORD)
    strict_page.goto(f"{strict_page.base_url}/proposals/{proposal.pk}/")
    box = strict_page.locator("details[data-action='return']")
    box.locator("summary").click()
    with strict_page.expect_navigation() as answer:
        box.locator("button[type=submit]").click()
    assert answer.value.status == 400

    # The error is in the action box, open where the officer typed.
    box = strict_page.locator("details[data-action='return']")
    assert box.get_attribute("open") is not None
    field = box.locator("[name='return-reason']")
    assert "is-invalid" in field.get_attribute("class")
    assert box.locator(".invalid-feedback").first.is_visible()
    # The rest of the page is the dossier, not an empty shell.
    costs = strict_page.locator("#costs")
    assert costs.get_by_text("Máy đóng gói tự động").first.is_visible()
    assert "Chưa có dòng dự toán nào" not in costs.inner_text()
    assert strict_page.get_by_text("giay-phep.pdf").first.is_visible()
    assert strict_page.locator("ol.timeline li").count() >= 1
    assert fits(strict_page)
    screenshot(strict_page, f"return-without-reason-{strict_page.viewport_size['width']}")

    proposal.refresh_from_db()
    assert proposal.state == State.SUBMITTED and proposal.last_reason == ""
    assert AuditLog.objects.count() == audit_rows


def test_adding_a_line_to_a_dossier_submitted_meanwhile_says_why_beside_the_form(
    strict_page, people
):
    owner = people["facility1"]
    draft = complete_draft(owner)
    login(strict_page, "facility1", demo.DEMO_PASSWORD)
    strict_page.goto(f"{strict_page.base_url}/proposals/{draft.pk}/edit/")
    form = strict_page.locator("#line-add-form")
    form.wait_for()
    # Another tab submits the dossier while this one still shows the edit form.
    proposal_submit(actor=owner, proposal=Proposal.objects.get(pk=draft.pk))
    form.locator("[name=content]").fill("Máy dán nhãn")
    form.locator("[name=unit]").fill("máy")
    form.locator("[name=quantity]").fill("1")
    form.locator("[name=unit_price]").fill("50000000")
    form.locator("[name=requested_support]").fill("10000000")
    with strict_page.expect_response(lambda r: r.url.endswith("/lines/add/")) as answer:
        form.get_by_role("button", name="Thêm dòng").click()
    assert answer.value.status == 403
    alert = strict_page.locator("#costs .htmx-error")
    alert.wait_for()
    assert alert.is_visible() and alert.inner_text().strip() != ""
    # The message is the portal's reason, not a bare status.
    assert "403" not in alert.inner_text()
    assert fits(strict_page)
    assert not CostLine.objects.filter(proposal=draft, content="Máy dán nhãn").exists()


def test_the_amount_preview_says_what_is_wrong_with_a_typed_amount(page, people):
    login(page, "finance1", demo.DEMO_PASSWORD)
    page.goto(f"{page.base_url}/budget/appropriations/")
    amount = page.locator("#id_amount")
    amount.wait_for()
    with page.expect_response(lambda r: "/allocations/preview/" in r.url):
        amount.fill("1,5")
        amount.dispatch_event("change")
    preview = page.locator("#amount-preview .text-danger")
    preview.wait_for()
    assert preview.inner_text().strip() != ""
    assert not Appropriation.objects.exists()
