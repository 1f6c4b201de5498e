"""Every document fits its page whatever the content: rendered with the longest value each
field allows (an 88-letter unbroken word first), every character lies inside the margins."""

from __future__ import annotations

import io
from typing import Any

import pdfplumber
import pytest
from django.db import models

from khuyencong.catalogue.models import ActivityType, FundSource
from proposals.models import CostLine, Facility, Proposal
from reports.documents import render
from reports.services.plan import plan_aggregate
from tests.factories_reports import YEAR

MM = 72 / 25.4
# static/css/print.css: portrait 20 15 20 30 mm (top right bottom left); landscape 30 20 15 20.
MARGINS = {"portrait": (15 * MM, 30 * MM), "landscape": (20 * MM, 20 * MM)}
# Points: a justified line may end up to ~2.2 pt (0.8 mm) past the edge (glyph advance rounding
# in WeasyPrint); a column pushed off the page is tens of points out.
TOLERANCE = 3.0

# The case: an unbroken 88-character word in a facility name.
LONG_WORD = "Nguyễn" + "x" * 82
SKIP = {"code", "tax_code", "decision_number", "contract_number", "phone", "email"}


def longest(field: models.CharField) -> str:
    """The longest value ``field`` accepts: the long word, then ordinary words up to max_length."""
    limit = field.max_length or 2000
    text = LONG_WORD + " " + " ".join(["Thương hiệu"] * 400)
    return text[:limit].rstrip()


def fill(instance: models.Model) -> None:
    changed = []
    for field in instance._meta.concrete_fields:
        if field.name in SKIP or field.choices or field.unique:
            continue
        if isinstance(field, models.CharField | models.TextField) and getattr(instance, field.name):
            setattr(instance, field.name, longest(field))
            changed.append(field.name)
    instance.save(update_fields=changed)


@pytest.fixture
def longest_dataset(dataset: dict[str, Any]) -> dict[str, Any]:
    for model in (Facility, Proposal, CostLine, ActivityType, FundSource):
        for instance in model.objects.all():
            fill(instance)
    # The largest amounts a proposal may carry (12 digits of VND) in the money columns.
    Proposal.objects.update(
        total_cost=999_999_999_999,
        requested_support=999_999_999_999,
        counterpart=999_999_999_999,
    )
    plan_aggregate(year=YEAR)
    return dataset


def outside_margins(content: bytes) -> list[str]:
    problems = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            orientation = "landscape" if page.width > page.height else "portrait"
            right, left = MARGINS[orientation]
            low, high = left - TOLERANCE, page.width - right + TOLERANCE
            for char in page.chars:
                if char["text"].isspace():
                    continue
                if char["x0"] < low or char["x1"] > high:
                    problems.append(
                        f"page {number}: {char['text']!r} at x {char['x0']:.1f}-{char['x1']:.1f}"
                    )
            for rect in page.rects + page.lines:
                if rect["x0"] < low - 2 or rect["x1"] > high + 2:
                    problems.append(f"page {number}: a table border at x {rect['x1']:.0f}")
    return problems


@pytest.mark.parametrize(
    "kind", ["dossier", "district-list", "annual-plan", "decision", "results", "reconciliation"]
)
def test_every_document_stays_inside_the_margins_with_the_longest_values(longest_dataset, kind):
    params = {
        "dossier": {"proposal": longest_dataset["p1"].pk},
        "district-list": {"locality": longest_dataset["p1"].locality_id, "year": YEAR},
    }.get(kind, {"year": YEAR})
    content = render(kind, params, "pdf").content
    problems = outside_margins(content)
    assert problems == [], problems[:10]


def test_the_long_word_is_really_printed(longest_dataset):
    content = render("annual-plan", {"year": YEAR}, "pdf").content
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    text = text.replace("\n", "").replace("\u200b", "")
    # Broken across lines (inside its column), not cut off: every letter is printed.
    assert "Nguyễnxxxxxx" in text
    assert text.count("x") >= 82
