"""What a user's browser console would show: every page of a test is watched, and any error
fails the test (a script error, a blocked inline style or script, a failed asset).

One kind of console line is not an error of the page: Chromium logs "Failed to load
resource: the server responded with a status of 4xx" for every 4xx answer, and the portal
answers a refused form with 400 (shown in place by htmx) or a forbidden page with 403 on
purpose; the tests check those answers themselves. That excuse covers pages and htmx
requests only: a script, stylesheet, image or font that fails to load (a 404 of a static
file, a request the CSP blocks) is an error, and a 5xx is never excused.
"""

from __future__ import annotations

import re

EXPECTED_HTTP_ANSWER = re.compile(
    r"^Failed to load resource: the server responded with a status of 4\d\d "
)
# The resources a page needs to look and work right; a page or an htmx answer is not one.
ASSETS = {"script", "stylesheet", "image", "font", "media"}


def watch(context) -> list[str]:
    """Collect the console errors, uncaught page errors and failed assets of every page of
    ``context``."""
    errors: list[str] = []

    def on_console(message) -> None:
        if message.type == "error" and not EXPECTED_HTTP_ANSWER.match(message.text):
            errors.append(f"console error: {message.text} at {message.location.get('url')}")

    def on_page_error(error) -> None:
        errors.append(f"page error: {error.error}")

    def on_response(response) -> None:
        if response.status >= 500 or (
            response.status >= 400 and response.request.resource_type in ASSETS
        ):
            errors.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def on_request_failed(request) -> None:
        # ERR_ABORTED: the page navigated on before the asset arrived (the user moved on),
        # not an asset that cannot load.
        if request.resource_type in ASSETS and "ERR_ABORTED" not in (request.failure or ""):
            errors.append(f"asset not loaded ({request.failure}): {request.url}")

    context.on("console", on_console)
    context.on("weberror", on_page_error)
    context.on("response", on_response)
    context.on("requestfailed", on_request_failed)
    return errors
