"""Hypothesis strategies for hostile form input, and a reader of the forms a page shows."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from hypothesis import strategies as st

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'

HOSTILE_TEXT = [
    SCRIPT,
    IMG,
    "'; DROP TABLE proposals_proposal; --",
    "\x00",
    "a\x00b",
    "\u202egnp.exe",
    "Ｃơ ｓở 𝓚𝓒 🏭" * 3,
    "\ud7ff\ufeff\u200b",
    '=HYPERLINK("http://x")',
    "../../etc/passwd",
    "%s%s%n{0}{{x}}",
    " ",
    "",
    # Issue 18 (item 11): NFD (decomposed) Vietnamese, control characters, formula starts.
    unicodedata.normalize("NFD", "Cơ sở chế biến Hoàng Long"),
    unicodedata.normalize("NFD", "Mãi Đức Hưởng ỹ"),
    "Tên\nBcc: x@example.com",
    "Tab\tCR\rLF\n",
    "\x07\x1b[31m\x7f\x85",
    "\u2028\u2029",
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "＝1+1",
]
HOSTILE_NUMBERS = [
    "",
    "-1",
    "0",
    "-0",
    "1e309",
    "NaN",
    "inf",
    "1.5",
    "1.000.000.000",
    "1,5",
    "٣٤٥",  # Arabic-Indic digits
    "۱۲۳۴",  # extended Arabic-Indic (Persian) digits
    "９９９",  # full-width digits
    "१२३",  # Devanagari digits
    "¹²³",  # superscript digits
    "₁₂",  # subscript digits
    "①②",  # circled digits
    "1\u00a0000\u202f000",  # no-break spaces as thousands separators
    "1\u200b000",  # zero-width space inside
    "１．５",  # full-width decimal
    "－５",  # full-width minus
    "5\u0301",  # digit with a combining accent (NFD)
    str(2**63),
    str(-(2**63) - 1),
    "9" * 400,
    "0x1F",
    " 12 ",
]
HOSTILE_DATES = [
    "",
    "31/02/2026",
    "00/00/0000",
    "0000-00-00",
    "9999-12-31",
    "01/01/0001",
    "2026-13-01",
    "29/02/2027",
    "32/01/2026",
    "hôm nay",
    "０１/０１/２０２７",  # full-width digits
    "٠١/٠١/٢٠٢٧",  # Arabic-Indic digits
    "¹/¹/²⁰²⁷",  # superscript digits
    "01/01/2027\n",
    "01\x00/01/2027",
    "1/1/1",
    "99999-01-01",
]

# Text that reads the same but is stored differently, and control characters inside.
nfd_texts = st.text(alphabet="aăâeêioôơuưyAĐđ ", max_size=20).map(
    lambda s: unicodedata.normalize("NFD", s)
)
controlled = st.tuples(
    st.text(max_size=10),
    st.characters(max_codepoint=0x9F).filter(lambda c: unicodedata.category(c) == "Cc"),
    st.text(max_size=10),
).map("".join)
texts = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    nfd_texts,
    controlled,
    st.text(max_size=40),
    st.text(min_size=1, max_size=8).map(lambda s: s * 2000),  # very long values
)
numbers = st.one_of(
    st.sampled_from(HOSTILE_NUMBERS),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    # The same digits in other scripts (full-width, Arabic-Indic, superscript): str.isdigit()
    # says yes to all of them, int() to some.
    st.integers(min_value=0, max_value=10**12).map(
        lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    ),
    st.integers(min_value=0, max_value=10**12).map(
        lambda n: str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    ),
    st.integers(min_value=0, max_value=10**12).map(
        lambda n: str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    ),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    texts,
)
dates = st.one_of(
    st.sampled_from(HOSTILE_DATES),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(
        lambda d: d.strftime("%d/%m/%Y")
    ),
    st.dates().map(dt.date.isoformat),
    texts,
)


@dataclass
class Field:
    name: str
    kind: str  # text, number, date, select, checkbox, file
    options: list[str] = field(default_factory=list)


def field_strategy(f: Field) -> st.SearchStrategy:
    if f.kind == "number":
        return numbers
    if f.kind == "date":
        return dates
    if f.kind == "select":
        return st.one_of(
            st.sampled_from(f.options or [""]), st.lists(texts, max_size=2), numbers, texts
        )
    if f.kind == "checkbox":
        return st.sampled_from(["on", "", "1", "off", "x" * 500])
    return texts


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field]


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower(), {}))
            return
        if not self.forms:
            return
        fields = self.forms[-1].fields
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            mapped = {
                "number": "number",
                "date": "date",
                "checkbox": "checkbox",
                "radio": "select",
                "file": "file",
                "hidden": "text",
            }.get(kind, "text")
            if "date" in a.get("class", "") or "ngày" in a.get("placeholder", "").lower():
                mapped = "date"
            if a.get("inputmode") in ("numeric", "decimal"):
                mapped = "number"
            known = fields.setdefault(name, Field(name, mapped))
            if mapped == "select" and a.get("value"):
                known.options.append(a["value"])
        elif tag == "textarea" and name:
            fields[name] = Field(name, "text")
        elif tag == "select" and name:
            self._select = fields[name] = Field(name, "select")
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def forms_of(html: str) -> list[Form]:
    reader = _FormReader()
    reader.feed(html)
    return [form for form in reader.forms if form.method == "post"]


def form_for(html: str, page_url: str, post_url: str) -> Form:
    forms = forms_of(html)
    # A form naming the URL wins over one that posts back to the page (action="").
    for form in [f for f in forms if f.action] + [f for f in forms if not f.action]:
        if (form.action or page_url) == post_url:
            return form
    found = [f.action or page_url for f in forms_of(html)]
    raise AssertionError(f"no POST form to {post_url} on {page_url}; forms: {found}")
