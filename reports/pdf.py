"""The one place that turns a print template into PDF bytes (WeasyPrint)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PRINT_CSS = "css/print.css"


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
    html = render_to_string(template_name, context)
    # Without a font configuration WeasyPrint ignores @font-face and silently takes whatever
    # the server has installed under that name (an old Liberation without Vietnamese, say).
    fonts = FontConfiguration()
    # The stylesheet is read from its file so that its font URLs resolve next to it.
    return HTML(string=html, base_url=str(css_path.parent)).write_pdf(
        stylesheets=[CSS(filename=str(css_path), font_config=fonts)], font_config=fonts
    )
