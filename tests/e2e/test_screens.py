"""Every role's dashboard on the demo story, wide and narrow: menus work, nothing overflows."""

from __future__ import annotations

from django.core.management import call_command

from khuyencong.seed import demo
from tests.e2e.conftest import axe_violations, login, screenshot

ROLES = ["facility1", "district1", "dit1", "ditlead1", "council1", "finance1", "admin"]
WIDTHS = {"wide": 1280, "narrow": 390}
WIDE_ELEMENTS = """() => [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 8)
    .map((e) => `${e.tagName}.${e.className}`)"""


def test_every_dashboard_on_the_demo_fits_and_its_menus_open_by_keyboard(page):
    call_command("load_demo", stdout=None)
    for username in ROLES:
        page.context.clear_cookies()
        page.set_viewport_size({"width": 1280, "height": 900})
        login(page, username, demo.DEMO_PASSWORD)
        for name, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            page.reload()
            screenshot(page, f"demo-{username}-{name}")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            # What sticks out, to say where in the failure message.
            wide = page.evaluate(WIDE_ELEMENTS)
            assert overflow <= 0, (username, name, overflow, wide)
            assert axe_violations(page) == [], (username, name)
        # The first menu of the navbar opens from the keyboard (Bootstrap, no inline script).
        page.set_viewport_size({"width": 1280, "height": 900})
        toggles = page.locator("#mainnav .navbar-nav.me-auto .dropdown-toggle")
        if toggles.count():
            toggles.first.focus()
            page.keyboard.press("Enter")
            assert toggles.first.get_attribute("aria-expanded") == "true", username
            menu = page.locator("#mainnav .navbar-nav.me-auto .dropdown-menu.show")
            assert menu.locator("a.dropdown-item").count() >= 2, username
            page.keyboard.press("Escape")
