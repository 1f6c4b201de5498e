"""What a user's browser console would show: every page of a test is watched, and any error
fails the test (a script error, a blocked inline style or script, a failed asset).

One kind of console line is not an error of the page: Chromium logs "Failed to load
resource: the server responded with a status of 4xx" for every 4xx answer, and the portal
answers a refused form with 400 (shown in place by htmx) or a forbidden page with 403 on
purpose; the tests check those answers themselves. A 5xx is never excused.
"""

from __future__ import annotations

import re

EXPECTED_HTTP_ANSWER = re.compile(
    r"^Failed to load resource: the server responded with a status of 4\d\d "
)


def watch(context) -> list[str]:
    """Collect the console errors and uncaught page errors of every page of ``context``."""
    errors: list[str] = []

    def on_console(message) -> None:
        if message.type == "error" and not EXPECTED_HTTP_ANSWER.match(message.text):
            errors.append(f"console error: {message.text} at {message.location.get('url')}")

    def on_page_error(error) -> None:
        errors.append(f"page error: {error.error}")

    context.on("console", on_console)
    context.on("weberror", on_page_error)
    return errors
