"""The browser sees what the user sees: htmx forms show their errors in place, pages run under
the production Content-Security-Policy (no ``bypass_csp``), and the facility's cost lines work
on a 390 × 844 phone screen. Every page is watched for console and page errors (conftest)."""

from __future__ import annotations

import pytest

from khuyencong.seed import demo
from proposals.models import CostLine
from tests.e2e.conftest import login
from tests.factories import ProposalFactory


@pytest.fixture
def draft(people):
    owner = people["facility1"]
    return ProposalFactory(facility=owner.facility, created_by=owner, state="draft")


def open_costs(page, draft) -> None:
    login(page, "facility1", demo.DEMO_PASSWORD)
    page.goto(f"{page.base_url}/proposals/{draft.pk}/edit/")
    page.locator("#line-add-form").wait_for()


def fill_line(form, content: str, quantity: str, price: str, support: str) -> None:
    form.locator("[name=content]").fill(content)
    form.locator("[name=unit]").fill("cái")
    form.locator("[name=quantity]").fill(quantity)
    form.locator("[name=unit_price]").fill(price)
    form.locator("[name=requested_support]").fill(support)


def test_the_page_runs_under_the_production_csp(strict_page, draft):
    open_costs(strict_page, draft)
    response = strict_page.request.get(f"{strict_page.base_url}/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_an_invalid_cost_line_shows_its_message_where_it_was_typed(strict_page, draft):
    open_costs(strict_page, draft)
    form = strict_page.locator("#line-add-form")
    fill_line(form, "Máy sấy", "2", "100000000", "300000000")
    with strict_page.expect_response(lambda r: r.url.endswith("/lines/add/")) as answer:
        form.get_by_role("button", name="Thêm dòng").click()
    assert answer.value.status == 400
    message = strict_page.locator("#costs").get_by_text("không được lớn hơn thành tiền")
    message.wait_for()
    assert message.is_visible()
    assert not CostLine.objects.filter(proposal=draft).exists()


def test_a_negative_quantity_is_refused_in_place(strict_page, draft):
    open_costs(strict_page, draft)
    form = strict_page.locator("#line-add-form")
    fill_line(form, "Máy sấy", "-1", "100000000", "50000000")
    with strict_page.expect_response(lambda r: r.url.endswith("/lines/add/")) as answer:
        form.get_by_role("button", name="Thêm dòng").click()
    assert answer.value.status == 400
    field = strict_page.locator("#line-add-form [name=quantity]")
    field.and_(strict_page.locator(".is-invalid")).wait_for()
    error = strict_page.locator("#line-add-form .invalid-feedback").first
    assert error.is_visible() and error.inner_text().strip() != ""
    # What the user typed is still there to correct.
    assert strict_page.locator("#line-add-form [name=content]").input_value() == "Máy sấy"
    assert not CostLine.objects.filter(proposal=draft).exists()


def test_a_line_is_added_then_an_invalid_edit_shows_its_message(strict_page, draft):
    open_costs(strict_page, draft)
    form = strict_page.locator("#line-add-form")
    fill_line(form, "Máy sấy", "2", "100000000", "80000000")
    form.get_by_role("button", name="Thêm dòng").click()
    strict_page.locator("#cost-table").get_by_text("Máy sấy").wait_for()
    assert CostLine.objects.get(proposal=draft).requested_support == 80_000_000

    strict_page.locator("#cost-table").get_by_text("Sửa").click()
    edit = strict_page.locator("#cost-table form")
    edit.wait_for()
    edit.locator("[name=requested_support]").fill("900000000")
    with strict_page.expect_response(lambda r: "/lines/" in r.url) as answer:
        edit.locator("button[type=submit]").click()
    assert answer.value.status == 400
    message = strict_page.locator("#costs").get_by_text("không được lớn hơn thành tiền")
    message.wait_for()
    assert message.is_visible()
    assert CostLine.objects.get(proposal=draft).requested_support == 80_000_000


def test_the_phone_screen_does_not_scroll_sideways(strict_page, draft):
    open_costs(strict_page, draft)
    width = strict_page.evaluate("document.documentElement.scrollWidth")
    assert width <= strict_page.viewport_size["width"]
