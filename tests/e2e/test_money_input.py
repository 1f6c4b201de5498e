"""Money inputs in a real browser: digits are grouped as typed, and the stored value is exact."""

from __future__ import annotations

from khuyencong.seed import demo
from proposals.models import CostLine
from tests.e2e.conftest import login
from tests.factories import ProposalFactory


def _type_line(page, content: str, price: str, support: str) -> None:
    form = page.locator("#line-add-form")
    form.locator("[name=content]").fill(content)
    form.locator("[name=unit]").fill("máy")
    form.locator("[name=quantity]").fill("1")
    form.locator("[name=unit_price]").press_sequentially(price)
    form.locator("[name=requested_support]").press_sequentially(support)


def test_a_unit_price_is_grouped_as_typed_and_stored_exactly(page, people):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    owner = people["facility1"]
    proposal = ProposalFactory(facility=owner.facility, created_by=owner, state="draft")
    login(page, "facility1", demo.DEMO_PASSWORD)
    page.goto(f"{page.base_url}/proposals/{proposal.pk}/edit/")

    price = page.locator("#line-add-form [name=unit_price]")
    assert price.get_attribute("type") == "text"
    assert price.get_attribute("inputmode") == "numeric"
    _type_line(page, "Máy sấy", "12500000", "5000000")
    assert price.input_value() == "12.500.000"
    page.locator("#line-add-form button[type=submit]").click()
    page.locator("#costs").get_by_text("Máy sấy").first.wait_for()
    line = CostLine.objects.get(proposal=proposal)
    assert (line.unit_price, line.requested_support) == (12_500_000, 5_000_000)

    # The form htmx swapped in is grouped too.
    _type_line(page, "Lắp đặt", "40000000", "0")
    assert page.locator("#line-add-form [name=unit_price]").input_value() == "40.000.000"

    # A value set without keystrokes (autofill, a drop) is taken in, never replaced on blur;
    # one that is not a plain amount is left as typed for the server to refuse.
    added = page.locator("#line-add-form [name=unit_price]")
    added.fill("7000000")
    page.locator("#line-add-form [name=content]").focus()
    assert added.input_value() == "7.000.000"
    added.fill("1.5")
    page.locator("#line-add-form [name=content]").focus()
    assert added.input_value() == "1.5"
    page.locator("#line-add-form button[type=submit]").click()
    page.locator("#line-add-form").get_by_text("“1.5” không phải là số tiền hợp lệ").wait_for()
    assert CostLine.objects.filter(proposal=proposal).count() == 1

    # A pre-filled amount (editing the line) is shown grouped.
    page.locator(f"#line-{line.pk} a", has_text="Sửa").click()
    edit = page.locator(f"form[action$='/lines/{line.pk}/edit/'] [name=unit_price]")
    edit.wait_for()
    assert edit.input_value() == "12.500.000"
    # The one refused post answers 400 by design; the browser logs that as a failed load.
    assert [e for e in errors if "status of 400" not in e] == []
