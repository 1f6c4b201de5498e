"""The facility on a 390 × 844 phone: every page it can open fits the screen, the cost and
progress lines read as stacked cards, and its next action heads the proposal page.

The pages run under the production Content-Security-Policy (no ``bypass_csp``) and are
watched for console and page errors. Issue 13: the cost table widened the edit page to
~816 px and the two fields of the progress report were off-screen.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from budgets.models import Allocation
from khuyencong.catalogue.models import ActivityType
from khuyencong.seed import demo
from proposals.models import Proposal, State
from proposals.monitoring.models import ChangeRequest
from tests.e2e.conftest import PHONE, login, screenshot

WIDE_ELEMENTS = """() => [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 8)
    .map((e) => `${e.tagName}#${e.id}.${e.className}`)"""
PUBLIC_PAGES = ["/", "/register/", "/tra-cuu/", "/reports/public/approved/", "/accounts/login/"]
FACILITY_PAGES = [
    "/dashboard/",
    "/notifications/",
    "/proposals/mine/",
    "/proposals/new/",
    "/facility/profile/",
    "/facility/identity/",
    "/monitoring/due/",
    "/reports/documents/mine/",
    "/accounts/password/change/",
]
EDITABLE = (State.DRAFT, State.RETURNED)
WITHDRAWABLE = (State.DRAFT, State.SUBMITTED, State.RETURNED, State.FORWARDED)
FUNDED = (State.APPROVED, State.IN_PROGRESS, State.ACCEPTED, State.SETTLED, State.CANCELLED)


@pytest.fixture
def demo_story(transactional_db):
    call_command("load_demo", stdout=None)


def assert_fits(page, label: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (label, width, page.evaluate(WIDE_ELEMENTS))


def visit(page, path: str) -> None:
    response = page.goto(f"{page.base_url}{path}")
    assert response.status == 200, (path, response.status)
    page.wait_for_load_state("networkidle")  # htmx panels (money) are loaded too
    assert_fits(page, path)


def too_wide(page, path: str) -> list[tuple]:
    """``[]`` if ``path`` fits the phone; else what sticks out, to say where."""
    response = page.goto(f"{page.base_url}{path}")
    page.wait_for_load_state("networkidle")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if response.status == 200 and width <= PHONE["width"]:
        return []
    return [(path, response.status, width, page.evaluate(WIDE_ELEMENTS))]


def pages_of(username: str) -> list[str]:
    """Every page the facility of ``username`` can open for its own proposals."""
    facility = Proposal.objects.filter(created_by__username=username).first().facility
    paths: list[str] = []
    for p in Proposal.objects.filter(facility=facility).order_by("pk"):
        paths.append(f"/proposals/{p.pk}/")
        if p.state in EDITABLE:
            paths.append(f"/proposals/{p.pk}/edit/")
        if p.state in WITHDRAWABLE:
            paths.append(f"/proposals/{p.pk}/withdraw/")
        if p.state == State.IN_PROGRESS:
            paths.append(f"/proposals/{p.pk}/progress/new/")
            if not p.change_requests.filter(status=ChangeRequest.Status.PENDING).exists():
                paths.append(f"/proposals/{p.pk}/changes/new/")
        if p.state in FUNDED and Allocation.objects.filter(proposal=p).exists():
            paths.append(f"/budget/proposals/{p.pk}/money/")
    for change in ChangeRequest.objects.filter(proposal__facility=facility):
        paths.append(f"/changes/{change.pk}/")
    return paths


def test_every_page_of_the_facility_fits_a_phone(phone, demo_story):
    failures = [f for path in PUBLIC_PAGES for f in too_wide(phone, path)]
    for username in ("facility1", "facility2"):
        phone.context.clear_cookies()
        login(phone, username, demo.DEMO_PASSWORD)
        paths = FACILITY_PAGES + pages_of(username)
        # Every state of the story is seen: drafts to settled, the change and the acceptance.
        assert len(paths) > len(FACILITY_PAGES) + 8, paths
        failures += [f for path in paths for f in too_wide(phone, path)]
    assert failures == []


def test_the_cost_lines_are_stacked_cards_and_the_next_action_comes_first(phone, demo_story):
    login(phone, "facility1", demo.DEMO_PASSWORD)
    draft = Proposal.objects.get(title="Nâng cấp hệ thống xử lý nước thải")
    visit(phone, f"/proposals/{draft.pk}/edit/")
    table = phone.locator("#cost-table")
    assert table.locator("thead").bounding_box()["height"] <= 1  # visually hidden
    first = table.locator("tbody tr").first
    assert first.evaluate("(row) => getComputedStyle(row).display") == "block"
    # Each amount sits inside the card with its column's name before it.
    amount = first.locator("td[data-label='Thành tiền']")
    box = amount.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert "Thành tiền" in amount.evaluate("(cell) => getComputedStyle(cell, '::before').content")
    # The row's actions are on screen.
    assert first.get_by_role("link", name="Sửa").bounding_box()["x"] < PHONE["width"]
    screenshot(phone, "phone-facility-edit")

    visit(phone, f"/proposals/{draft.pk}/")
    next_action = phone.locator("#owner-actions").bounding_box()
    assert next_action["y"] < phone.locator("#summary-h").bounding_box()["y"]
    assert next_action["y"] < PHONE["height"]  # on the first screen
    assert phone.locator("#owner-actions").get_by_role("button", name="Nộp đề án").is_visible()


def test_the_progress_report_fields_are_on_screen(phone, demo_story):
    login(phone, "facility1", demo.DEMO_PASSWORD)
    running = Proposal.objects.get(title="Máy sấy trái cây sấy dẻo")
    assert running.state == State.IN_PROGRESS
    visit(phone, f"/proposals/{running.pk}/")
    report = phone.locator("#owner-actions").get_by_role("link", name="Báo cáo tiến độ")
    assert report.bounding_box()["y"] < PHONE["height"]  # the next step, on the first screen
    assert (
        phone.locator("#monitoring-lines tbody tr").first.evaluate(
            "(row) => getComputedStyle(row).display"
        )
        == "block"
    )
    with phone.expect_navigation():
        report.click()
    assert_fits(phone, "progress report")
    for name in ("spent_", "support_"):
        field = phone.locator(f"#progress-lines [name^='{name}']").first
        field.scroll_into_view_if_needed()
        box = field.bounding_box()
        assert field.is_visible() and box["x"] >= 0, name
        assert box["x"] + box["width"] <= PHONE["width"], (name, box)
    screenshot(phone, "phone-facility-progress-report")

    # A percentage over 100 is refused at its field, on screen, nothing written.
    reports = running.progress_reports.count()
    phone.fill("[name=percent_done]", "150")
    phone.fill("[name=work_done]", "Đã lắp đặt máy sấy.")
    with phone.expect_navigation() as answer:
        phone.get_by_role("button", name="Gửi báo cáo").click()
    assert answer.value.status == 400
    assert_fits(phone, "refused progress report")
    percent = phone.locator("[name=percent_done]")
    assert "is-invalid" in percent.get_attribute("class")
    message = phone.get_by_text("Tỷ lệ hoàn thành phải từ 0 đến 100%").first
    message.scroll_into_view_if_needed()
    assert message.is_visible()
    assert phone.locator("[name=work_done]").input_value() == "Đã lắp đặt máy sấy."
    assert running.progress_reports.count() == reports


def fill_date(page, name: str, day: dt.date) -> None:
    """Type a date whatever the widget: a native date input, a dd/mm/yyyy text input or a
    date picker bound to the input (flatpickr keeps its instance on the element)."""
    page.locator(f"[name={name}]").evaluate(
        """(input, [y, m, d]) => {
            const pad = (n) => String(n).padStart(2, "0");
            if (input._flatpickr) { input._flatpickr.setDate(new Date(y, m - 1, d), true); return; }
            const iso = `${y}-${pad(m)}-${pad(d)}`;
            input.value = input.type === "date" ? iso : `${pad(d)}/${pad(m)}/${y}`;
            input.dispatchEvent(new Event("input", {bubbles: true}));
            input.dispatchEvent(new Event("change", {bubbles: true}));
        }""",
        [day.year, day.month, day.day],
    )


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def upload(page, kind: str, name: str) -> None:
    form = page.locator("form[action$='/attachments/']")
    form.locator("select[name=kind]").select_option(kind)
    form.locator("input[name=file]").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": PDF}
    )
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.get_by_text(name).first.is_visible()


def add_line(page, content: str, price: str, support: str) -> None:
    form = page.locator("#line-add-form")
    form.locator("[name=content]").fill(content)
    form.locator("[name=unit]").fill("cái")
    form.locator("[name=quantity]").fill("1")
    form.locator("[name=unit_price]").fill(price)
    form.locator("[name=requested_support]").fill(support)
    form.get_by_role("button", name="Thêm dòng").click()
    page.locator("#cost-table").get_by_text(content).first.wait_for()


def submit_dossier(page) -> int:
    with page.expect_navigation() as answer:
        page.locator("form[action$='/submit/'] button[type=submit]").first.click()
    return answer.value.status


def test_the_facility_writes_and_submits_a_proposal_on_a_phone(phone, people):
    phone.on("dialog", lambda dialog: dialog.accept())  # data-confirm prompts
    year = dt.date.today().year + 1
    activity = ActivityType.objects.get(code="advanced-machinery")
    login(phone, "facility1", demo.DEMO_PASSWORD)
    visit(phone, "/proposals/new/")
    phone.fill("[name=title]", "Máy sấy lạnh trái cây")
    phone.locator("[name=activity_type]").select_option(str(activity.pk))
    phone.locator("[name=fund_source]").select_option(label="Kinh phí khuyến công địa phương")
    phone.fill("[name=plan_year]", str(year))
    fill_date(phone, "start_date", dt.date(year, 3, 1))
    fill_date(phone, "end_date", dt.date(year, 10, 31))
    for name in (
        "necessity",
        "objectives",
        "content_scale",
        "implementation_plan",
        "expected_results",
        "commitments",
    ):
        phone.fill(f"[name={name}]", "Nâng cao năng suất, chất lượng trái cây sấy.")
    phone.fill("[name=jobs_created]", "5")
    with phone.expect_navigation():
        phone.locator("#proposal-form button[type=submit]").first.click()
    assert "/edit/" in phone.url, phone.locator(".invalid-feedback, .alert").all_inner_texts()
    proposal = Proposal.objects.get(title="Máy sấy lạnh trái cây")

    add_line(phone, "Máy sấy lạnh", "300000000", "120000000")
    add_line(phone, "Lắp đặt, chạy thử", "20000000", "0")
    assert_fits(phone, "edit page with two lines")
    assert "320.000.000" in phone.locator("#totals").inner_text()
    screenshot(phone, "phone-journey-lines")

    # Submitted without its documents: refused, and the page says what is missing.
    assert submit_dossier(phone) == 400
    assert_fits(phone, "refused submission")
    assert phone.locator(".alert-danger").first.is_visible()
    assert Proposal.objects.get(pk=proposal.pk).state == State.DRAFT

    upload(phone, "registration", "giay-dang-ky.pdf")
    for n in range(1, activity.required_quotations + 1):
        upload(phone, "quotation", f"bao-gia-{n}.pdf")
    assert_fits(phone, "edit page with documents")
    assert submit_dossier(phone) == 200
    proposal.refresh_from_db()
    assert proposal.state == State.SUBMITTED and proposal.code
    assert_fits(phone, "submitted proposal")
    assert phone.get_by_text(proposal.code).first.is_visible()
    step = phone.locator("#current-step").bounding_box()
    assert step["y"] < phone.locator("#summary-h").bounding_box()["y"]
    screenshot(phone, "phone-journey-submitted")
