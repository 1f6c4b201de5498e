"""Dates in a real browser whose locale is English (en-US), under the production CSP: typed
and shown as dd/mm/yyyy, with the Vietnamese calendar, defaults pre-filled, bad dates refused
in Vietnamese with nothing written (issue 13, item 4). Errors fail the test (conftest)."""

from __future__ import annotations

import datetime as dt

import pytest

from budgets.models import Appropriation
from khuyencong.catalogue.models import FundSource
from khuyencong.seed import demo
from tests.e2e.conftest import login
from tests.factories import ProposalFactory
from tests.factories_review import appraised

ENGLISH = "en-US"


def _appropriation_form(page, decision_date: str) -> None:
    login(page, "finance1", demo.DEMO_PASSWORD)
    page.goto(f"{page.base_url}/budget/appropriations/")
    page.fill("[name=plan_year]", "2027")
    page.select_option("[name=fund_source]", str(FundSource.objects.order_by("pk").first().pk))
    page.fill("[name=amount]", "5000000000")
    page.fill("[name=decision_number]", "12/QĐ-UBND")
    field = page.locator("[name=decision_date]")
    field.click()
    field.press_sequentially(decision_date)
    page.get_by_role("button", name="Ghi dự toán").click()
    page.wait_for_load_state("networkidle")


def test_an_english_browser_types_12_08_2026_and_the_portal_stores_12_august(open_page, people):
    page = open_page(locale=ENGLISH)
    assert page.evaluate("() => navigator.language") == ENGLISH
    _appropriation_form(page, "12/08/2026")
    appropriation = Appropriation.objects.get()
    assert appropriation.decision_date == dt.date(2026, 8, 12)
    assert "12/08/2026" in page.content()


def test_the_calendar_is_vietnamese_and_picking_a_day_writes_dd_mm_yyyy(open_page, people):
    page = open_page(locale=ENGLISH)
    login(page, "finance1", demo.DEMO_PASSWORD)
    page.goto(f"{page.base_url}/budget/appropriations/")
    field = page.locator("[name=decision_date]")
    assert field.get_attribute("type") == "text"
    assert field.get_attribute("placeholder") == "dd/mm/yyyy"
    field.fill("03/08/2026")
    field.press("Enter")
    field.click()
    calendar = page.locator(".flatpickr-calendar.open")
    calendar.wait_for()
    month = calendar.locator("select.flatpickr-monthDropdown-months")
    assert month.evaluate("(select) => select.options[select.selectedIndex].text") == "Tháng tám"
    assert calendar.locator(".flatpickr-weekday").first.inner_text().strip() == "T2"
    calendar.locator('.flatpickr-day[aria-label="Tháng tám 12, 2026"]').click()
    assert field.input_value() == "12/08/2026"


@pytest.mark.parametrize("typed", ["31/02/2026", "08/31/2026"])
def test_a_bad_date_is_refused_in_vietnamese_and_nothing_is_written(open_page, people, typed):
    page = open_page(locale=ENGLISH)
    _appropriation_form(page, typed)
    message = page.get_by_text("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/12/2026.")
    assert message.is_visible()
    # The picker neither cleared nor "corrected" it (31/02 is not 3 March): as typed, to fix.
    assert page.locator("[name=decision_date]").input_value() == typed
    assert not Appropriation.objects.exists()


def test_the_leaders_decision_date_shows_today_as_30_11_2026(open_page, people, monkeypatch):
    # The live server runs in this process: its "today" is the one patched here.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 11, 30))
    proposal = appraised(facility=people["facility1"].facility)
    page = open_page(locale=ENGLISH)
    login(page, "ditlead1", demo.DEMO_PASSWORD)
    page.goto(f"{page.base_url}/proposals/{proposal.pk}/")
    field = page.locator("[name=approve-decision_date]")
    assert field.input_value() == "30/11/2026"
    assert "flatpickr-input" in field.get_attribute("class")


def test_a_date_input_swapped_in_by_htmx_gets_the_calendar(open_page, people):
    page = open_page(locale=ENGLISH)
    login(page, "finance1", demo.DEMO_PASSWORD)
    page.goto(f"{page.base_url}/budget/appropriations/")
    page.evaluate(
        """() => htmx.swap("#amount-preview",
            '<input data-date id="swapped" name="swapped" value="2026-08-12">',
            {swapStyle: "innerHTML"})"""
    )
    swapped = page.locator("#swapped")
    swapped.and_(page.locator(".flatpickr-input")).wait_for()
    assert swapped.input_value() == "12/08/2026"


def test_a_facility_types_its_dates_on_a_phone_and_the_calendar_fits(open_page, people):
    owner = people["facility1"]
    draft = ProposalFactory(facility=owner.facility, created_by=owner, state="draft")
    page = open_page(locale=ENGLISH, viewport={"width": 390, "height": 844})
    login(page, "facility1", demo.DEMO_PASSWORD)
    page.goto(f"{page.base_url}/proposals/{draft.pk}/edit/")
    start = page.locator("[name=start_date]")
    start.fill("")
    start.press_sequentially("01/03/2027")
    end = page.locator("[name=end_date]")
    end.click()
    page.locator(".flatpickr-calendar.open").wait_for()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    end.fill("")
    end.press_sequentially("31/10/2027")
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.wait_for_load_state("networkidle")
    draft.refresh_from_db()
    assert (draft.start_date, draft.end_date) == (dt.date(2027, 3, 1), dt.date(2027, 10, 31))
    assert page.locator("[name=start_date]").input_value() == "01/03/2027"
