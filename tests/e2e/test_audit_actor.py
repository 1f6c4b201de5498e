"""The audit log's actor box in a real browser (issue 14): typed without diacritics, the
server's autocomplete offers the user, and choosing it filters the log by that actor."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from khuyencong import audit
from khuyencong.seed import demo
from tests.e2e.conftest import login
from tests.factories import UserFactory


def test_the_actor_is_found_without_diacritics_and_filters_the_log(page, people):
    actor = UserFactory(username="tan.hanh", first_name="Nguyễn Tân", last_name="Hạnh")
    audit.record(actor=actor, action="proposal.forward", note="của Tân Hạnh")
    audit.record(actor=people["dit1"], action="proposal.forward", note="của người khác")
    login(page, "ditlead1", demo.DEMO_PASSWORD)
    page.goto(f"{page.base_url}/audit/")

    page.locator(".ts-control").first.click()
    page.keyboard.type("tan hanh")
    option = page.locator(".ts-dropdown .option", has_text="Nguyễn Tân Hạnh (tan.hanh)")
    option.wait_for()
    assert page.locator(".ts-dropdown .option").count() == 1
    option.click()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    assert parse_qs(urlparse(page.url).query).get("actor") == [str(actor.pk)], page.url
    body = page.locator("main table").inner_text()
    assert "của Tân Hạnh" in body and "của người khác" not in body
    # The box shows the chosen user again, from the one option the server rendered.
    assert "Nguyễn Tân Hạnh (tan.hanh)" in page.locator(".ts-control").inner_text()
