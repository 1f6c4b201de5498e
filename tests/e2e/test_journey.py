"""The whole life of one proposal in a real browser, every role through its own pages.

A facility registers and is activated; it writes a proposal with cost lines (htmx) and
attachments and submits it; the district returns it, the facility fixes it, the district
forwards it; the DIT appraises it with two council members; the leader approves; Finance
enters the appropriation, the DIT allocates, Finance confirms; the work starts, is reported,
accepted, paid and settled; the annual plan PDF downloads and reads. Each role's main page is
screenshotted and checked with axe-core. No sleeps: every wait is on a page or an element.
"""

from __future__ import annotations

import io

from django.utils import timezone

from khuyencong.catalogue.models import ActivityType
from khuyencong.seed import demo
from proposals.models import Proposal, State
from tests.e2e.conftest import axe_violations, login, screenshot
from tests.factories import valid_tax_code

PASSWORD = demo.DEMO_PASSWORD
TAX_CODE = valid_tax_code(4242)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def logout(page) -> None:
    # Let the last navigation finish first: a redirect still in flight would set the previous
    # user's session cookie again after the cookies are cleared.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()


def as_user(page, username: str) -> None:
    logout(page)
    login(page, username, PASSWORD)
    # Finance lands on its budget home, everyone else on the dashboard.
    assert page.url.endswith(("/dashboard/", "/budget/")), page.url


def check_page(page, name: str) -> None:
    """Screenshot the page and require no serious or critical accessibility violation."""
    screenshot(page, name)
    assert axe_violations(page) == [], name


def go(page, path: str) -> None:
    page.goto(f"{page.base_url}{path}")
    page.wait_for_load_state("domcontentloaded")


def submit(page, form: str) -> None:
    """Click the submit button of ``form`` and wait for the next page."""
    with page.expect_navigation():
        page.locator(form).locator("button[type=submit]").first.click()


def act(page, action: str, **fields: str) -> None:
    """Take a review action from the proposal page's ``Xử lý hồ sơ`` card."""
    box = page.locator(f"details[data-action='{action}']")
    box.locator("summary").click()
    for name, value in fields.items():
        box.locator(f"[name='{action}-{name}']").fill(value)
    with page.expect_navigation():
        box.locator("button[type=submit]").click()
    assert page.locator(".alert-success, .alert-info").first.is_visible(), page.content()[:3000]


def proposal() -> Proposal:
    return Proposal.objects.get(facility__tax_code=TAX_CODE)


def upload(page, kind: str, name: str) -> None:
    form = page.locator("form[action$='/attachments/']")
    form.locator("select[name=kind]").select_option(kind)
    form.locator("input[name=file]").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": PDF}
    )
    submit(page, "form[action$='/attachments/']")
    assert page.get_by_text(name).first.is_visible()


def add_line(page, content: str, quantity: str, price: str, support: str) -> None:
    form = page.locator("#line-add-form")
    form.locator("[name=content]").fill(content)
    form.locator("[name=unit]").fill("cái")
    form.locator("[name=quantity]").fill(quantity)
    form.locator("[name=unit_price]").fill(price)
    form.locator("[name=requested_support]").fill(support)
    form.locator("button[type=submit]").click()
    # htmx swaps #costs in place: wait for the new line, not for a navigation.
    page.locator("#costs").get_by_text(content).first.wait_for()


def test_a_proposal_goes_from_registration_to_settlement_in_the_browser(page, people, budget_day):
    # budget_day: the money of plan year 2027 is paid in 2027; the voucher check (run in the
    # live server's thread of this process) reads 30/06/2027 as today.
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm prompts
    year = timezone.localdate().year + 1
    activity = ActivityType.objects.get(code="advanced-machinery")

    # 1. The facility registers through the public form.
    go(page, "/register/")
    form = "main form"
    page.fill("[name=name]", "Cơ sở chế biến dừa Phước Hậu")
    page.fill("[name=tax_code]", TAX_CODE)
    page.locator("[name=legal_form]").select_option("household")
    page.locator("[name=locality]").select_option(label=people["district1"].locality.name)
    page.fill("[name=address]", "ấp Phước Yên, xã Phước Hậu")
    page.fill("[name=representative]", "Trần Thị Hoa")
    page.fill("[name=phone]", "0903123456")
    page.fill("[name=email]", "hoa@example.vn")
    page.fill("[name=username]", "phuochau")
    page.fill("[name=password1]", PASSWORD)
    page.fill("[name=password2]", PASSWORD)
    submit(page, form)
    assert "/register/done/" in page.url, page.locator(
        ".invalid-feedback, .alert"
    ).all_inner_texts()

    # 2. Its district officer activates it.
    as_user(page, "district1")
    check_page(page, "district-dashboard")
    go(page, "/facilities/pending/")
    check_page(page, "district-pending-facilities")
    row = page.locator("tr", has_text="Phước Hậu")
    with page.expect_navigation():
        row.get_by_role("link", name="Xem và xử lý").click()
    submit(page, "form[action$='/activate/']")
    assert page.get_by_text("Đã kích hoạt").first.is_visible()

    # 3. The facility writes its proposal: the form, cost lines through htmx, attachments.
    as_user(page, "phuochau")
    check_page(page, "facility-dashboard")
    go(page, "/proposals/new/")
    page.fill("[name=title]", "Đầu tư máy ép dầu dừa tinh luyện")
    page.locator("[name=activity_type]").select_option(str(activity.pk))
    page.locator("[name=fund_source]").select_option(label="Kinh phí khuyến công địa phương")
    page.fill("[name=plan_year]", str(year))
    page.fill("[name=start_date]", f"{year}-03-01")
    page.fill("[name=end_date]", f"{year}-10-31")
    for name in (
        "necessity",
        "objectives",
        "content_scale",
        "implementation_plan",
        "expected_results",
        "commitments",
    ):
        page.fill(f"[name={name}]", "Nâng cao năng suất, chất lượng dầu dừa.")
    page.fill("[name=jobs_created]", "6")
    submit(page, "#proposal-form")
    assert "/edit/" in page.url
    add_line(page, "Máy ép dầu dừa", "1", "400000000", "150000000")
    add_line(page, "Lắp đặt, chạy thử", "1", "40000000", "0")
    assert "440.000.000" in page.locator("#costs").inner_text()
    upload(page, "registration", "giay-dang-ky.pdf")
    for n in range(1, activity.required_quotations + 1):
        upload(page, "quotation", f"bao-gia-{n}.pdf")
    check_page(page, "facility-proposal-form")
    submit(page, "form[action$='/submit/']")
    assert proposal().state == State.SUBMITTED
    code = proposal().code
    assert page.get_by_text(code).first.is_visible()

    # 4. The district returns it; the facility fixes it and submits again; the district
    # forwards it.
    detail = f"/proposals/{proposal().pk}/"
    as_user(page, "district1")
    go(page, "/review/district/")
    check_page(page, "district-inbox")
    assert page.get_by_text(code).first.is_visible()
    go(page, detail)
    act(page, "return", reason="Bổ sung số lao động có việc làm mới.")
    assert proposal().state == State.RETURNED

    as_user(page, "phuochau")
    go(page, f"/proposals/{proposal().pk}/edit/")
    page.fill("[name=jobs_created]", "8")
    submit(page, "#proposal-form")
    submit(page, "form[action$='/submit/']")
    assert proposal().state == State.SUBMITTED and proposal().jobs_created == 8

    as_user(page, "district1")
    go(page, detail)
    check_page(page, "district-proposal")
    act(page, "forward", opinion="Cơ sở đủ điều kiện, đề nghị hỗ trợ.", priority="1")
    assert proposal().state == State.FORWARDED
    _continue_from_dit(page, people, year, code, detail)


def fill_all(page, prefix: str, value: str) -> None:
    for field in page.locator(f"main form [name^='{prefix}']").all():
        field.fill(value)


def pdf_file(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def _continue_from_dit(page, people, year: int, code: str, detail: str) -> None:
    from budgets.models import Allocation, Disbursement
    from proposals.models import Criterion, ScoreSheet

    pk = proposal().pk
    today = timezone.localdate().isoformat()
    support = "150000000"

    # 5. The DIT takes it in and starts the appraisal with two council members.
    as_user(page, "dit1")
    check_page(page, "dit-dashboard")
    go(page, "/review/intake/")
    check_page(page, "dit-intake")
    go(page, "/proposals/all/")
    check_page(page, "dit-all-proposals")
    assert page.get_by_text(code).first.is_visible()
    go(page, detail)
    box = page.locator("details[data-action='start_appraisal']")
    box.locator("summary").click()
    for member in ("council1", "council2"):
        box.locator(f"input[value='{people[member].pk}']").check()
    with page.expect_navigation():
        box.locator("button[type=submit]").click()
    assert proposal().state == State.UNDER_APPRAISAL

    # 6. Each member scores it from the list of assigned proposals.
    criteria = list(Criterion.objects.filter(is_active=True))
    for member in ("council1", "council2"):
        as_user(page, member)
        go(page, "/appraisal/assigned/")
        check_page(page, f"{member}-assigned")
        with page.expect_navigation():
            page.get_by_role("link", name="Chấm điểm").first.click()
        for criterion in criteria:
            page.fill(f"[name=c{criterion.pk}]", str(criterion.max_score - 2))
        page.fill("[name=comment]", "Đề án khả thi, thiết bị phù hợp.")
        submit(page, "main form")
    assert (
        ScoreSheet.objects.filter(appraisal__proposal=proposal(), total__isnull=False).count() == 2
    )

    # 7. The DIT concludes; the leader approves.
    as_user(page, "dit1")
    go(page, detail)
    act(page, "conclude_appraisal", recommended_amount=support)
    assert proposal().state == State.APPRAISED
    as_user(page, "ditlead1")
    check_page(page, "leader-dashboard")
    go(page, "/review/decisions/")
    check_page(page, "leader-decisions")
    go(page, detail)
    act(
        page,
        "approve",
        approved_amount=support,
        plan_year=str(year),
        decision_number="15/QĐ-SCT",
        decision_date=today,
    )
    assert proposal().state == State.APPROVED

    # 8. Finance enters the appropriation; the DIT allocates; Finance confirms.
    as_user(page, "finance1")
    check_page(page, "finance-dashboard")
    go(page, "/budget/appropriations/")
    form = page.locator("main form[method=post]").last
    form.locator("[name=plan_year]").fill(str(year))
    form.locator("[name=fund_source]").select_option(label="Kinh phí khuyến công địa phương")
    form.locator("[name=amount]").fill("2000000000")
    form.locator("[name=decision_number]").fill("210/QĐ-UBND")
    form.locator("[name=decision_date]").fill(today)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    from budgets.models import Appropriation

    assert Appropriation.objects.filter(plan_year=year).exists(), page.locator(
        ".invalid-feedback, .alert, .errorlist"
    ).all_inner_texts()

    as_user(page, "dit1")
    go(page, "/budget/allocations/")
    check_page(page, "dit-allocations")
    form = page.locator(f"form[action$='/allocations/propose/{pk}/']")
    form.locator("select[name$=appropriation]").select_option(index=1)
    form.locator("[name$=amount]").fill(support)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    allocation = Allocation.objects.get(proposal_id=pk)

    as_user(page, "finance1")
    go(page, "/budget/")
    check_page(page, "finance-budget-home")
    go(page, f"/budget/allocations/{allocation.pk}/")
    submit(page, "form[action$='/confirm/']")
    allocation.refresh_from_db()
    assert allocation.status == "confirmed"

    # 9. The work starts, is reported on and accepted.
    as_user(page, "dit1")
    go(page, f"/proposals/{pk}/start/")
    page.fill("[name=contract_number]", "25/HĐ-KC")
    page.fill("[name=contract_date]", today)
    submit(page, "main form")
    assert proposal().state == State.IN_PROGRESS

    as_user(page, "phuochau")
    go(page, "/monitoring/due/")
    check_page(page, "facility-due")
    go(page, f"/proposals/{pk}/progress/new/")
    page.fill("[name=percent_done]", "100")
    page.fill("[name=work_done]", "Đã mua, lắp đặt và chạy thử máy ép.")
    fill_all(page, "spent_", "0")
    fill_all(page, "support_", "0")
    submit(page, "main form")
    assert proposal().progress_reports.count() == 1

    as_user(page, "dit1")
    go(page, "/monitoring/")
    check_page(page, "dit-monitoring")
    go(page, f"/budget/proposals/{pk}/accept/")  # acceptance has a money side: budgets runs it
    fill_all(page, "accepted_", "0")  # the per-line fields; the named ones follow
    page.fill("[name=accepted_on]", today)
    page.fill("[name=members]", "Sở Công Thương, UBND huyện Long Hồ, cơ sở.")
    page.locator("[name=result]").select_option("pass")
    first_line = proposal().lines.order_by("position", "id").first()
    page.fill(f"[name=accepted_{first_line.pk}]", "400000000")
    page.fill("[name=accepted_support]", support)
    page.fill("[name=jobs_achieved]", "8")
    page.locator("[name=minutes]").set_input_files(pdf_file("bien-ban.pdf"))
    submit(page, "main form")
    assert proposal().state == State.ACCEPTED, page.locator(".invalid-feedback").all_inner_texts()

    # 10. Payment, confirmed by Finance; Finance settles.
    go(page, f"/budget/allocations/{allocation.pk}/disburse/")
    page.locator("[name=kind]").select_option("payment")
    page.fill("[name=amount]", support)
    page.fill("[name=voucher_number]", "UNC-0091")
    page.fill("[name=voucher_date]", f"{year}-06-30")  # in the plan year's budget year
    submit(page, "main form")
    payment = Disbursement.objects.get(allocation=allocation)

    as_user(page, "finance1")
    go(page, f"/budget/disbursements/{payment.pk}/")
    submit(page, "form[action$='/confirm/']")
    go(page, f"/budget/proposals/{pk}/settle/")
    page.fill("[name=amount]", support)
    submit(page, "main form")
    assert proposal().state == State.SETTLED
    go(page, "/budget/reconciliation/")
    check_page(page, "finance-reconciliation")

    # 11. The DIT aggregates the plan year and downloads the annual plan PDF.
    as_user(page, "dit1")
    go(page, f"/reports/plan/?year={year}")
    submit(page, "form[action$='/plan/run/']")
    check_page(page, "dit-annual-plan")
    _download_annual_plan(page, year, code)


def _download_annual_plan(page, year: int, code: str) -> None:
    """Request the plan from the documents page (built by the task), download it, read it."""
    from pypdf import PdfReader

    go(page, "/reports/")
    check_page(page, "dit-reports")
    card = page.locator("form.card", has=page.locator("input[name=kind][value='annual-plan']"))
    card.locator("[name=year]").fill(str(year))
    card.locator("[name=format]").select_option("pdf")
    with page.expect_navigation():
        card.get_by_role("button", name="Tạo văn bản").click()
    link = page.get_by_role("link", name="Tải về")
    link.wait_for()  # the task runs inline in tests; in production the page polls
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    content = path.read_bytes()
    assert content.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert f"năm {year}" in text and code in text
