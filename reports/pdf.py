"""The one place that turns a print template into PDF bytes (WeasyPrint)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PRINT_CSS = "css/print.css"

# A run of this many letters without a break opportunity gets one every SOFT_BREAK_EVERY
# letters (a zero-width space): an 88-letter word in a facility name then wraps inside its
# column instead of widening it past the margin. Shorter words are left alone, so ordinary
# text, codes and amounts wrap exactly as before.
LONG_RUN = re.compile(r"\w{25,}")
TEXT_NODE = re.compile(r">([^<]+)<")
SOFT_BREAK_EVERY = 12
ZERO_WIDTH_SPACE = "\u200b"


def _soften(run: re.Match[str]) -> str:
    word = run.group(0)
    chunks = [word[i : i + SOFT_BREAK_EVERY] for i in range(0, len(word), SOFT_BREAK_EVERY)]
    return ZERO_WIDTH_SPACE.join(chunks)


def soft_breaks(html: str) -> str:
    """``html`` with break opportunities inside over-long words of its text (not its tags)."""
    return TEXT_NODE.sub(lambda node: ">" + LONG_RUN.sub(_soften, node.group(1)) + "<", html)


def _static_path(name: str) -> Path:
    found = finders.find(name)
    if not found:
        raise FileNotFoundError(name)
    return Path(found if isinstance(found, str) else found[0])


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which web processes that never print
    # need not pay for.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    css_path = _static_path(PRINT_CSS)
    html = soft_breaks(render_to_string(template_name, context))
    # Without a font configuration WeasyPrint ignores @font-face and silently takes whatever
    # the server has installed under that name (an old Liberation without Vietnamese, say).
    fonts = FontConfiguration()
    # The stylesheet is read from its file so that its font URLs resolve next to it.
    return HTML(string=html, base_url=str(css_path.parent)).write_pdf(
        stylesheets=[CSS(filename=str(css_path), font_config=fonts)], font_config=fonts
    )
