"""Test-local readers of money, written apart from the product so they can judge it.

``oracle_vnd`` reads an amount by walking the characters (no regular expression, no shared
code with ``khuyencong.lib.money``); ``notations`` writes one integer every way the portal
promises to read it. Both follow the brief of issue 17, not the product's code.
"""

from __future__ import annotations

import unicodedata

ASCII_DIGITS = "0123456789"
EDGE_BLANKS = (" ", "\u00a0", "\u202f", "\t", "\r", "\n")
INNER_BLANKS = (" ", "\u00a0", "\u202f", "\t")
SPACE_KIND = ("space",)
SUFFIXES = ("đồng", "vnđ", "vnd", "đ")
LIMIT = 10**15
LONGEST_BODY = 40


def _kind(char: str) -> str | None:
    if char in (".", ","):
        return char
    if char in (" ", "\u00a0", "\u202f"):
        return "space"
    return None


def _trim(text: str, blanks: tuple[str, ...], *, left: bool) -> str:
    start, end = 0, len(text)
    while left and start < end and text[start] in blanks:
        start += 1
    while start < end and text[end - 1] in blanks:
        end -= 1
    return text[start:end]


def _whole(part: str, mark: str | None) -> int | None:
    if part == "":
        return None
    if all(c in ASCII_DIGITS for c in part):
        if part[0] == "0" and part != "0":
            return None
        return int(part)
    groups: list[str] = [""]
    kind = None
    for char in part:
        if char in ASCII_DIGITS:
            groups[-1] += char
            continue
        this = _kind(char)
        if this is None or (kind is not None and this != kind):
            return None
        kind = this
        groups.append("")
    if kind == mark:
        return None
    first, rest = groups[0], groups[1:]
    if not 1 <= len(first) <= 3 or first[0] == "0":
        return None
    if any(len(group) != 3 for group in rest):
        return None
    value = 0
    for group in groups:
        for char in group:
            value = value * 10 + ASCII_DIGITS.index(char)
    return value


def oracle_vnd(text: str) -> int | None:
    """The amount the brief says ``text`` means, or None where it must be refused."""
    text = _trim(unicodedata.normalize("NFC", text), EDGE_BLANKS, left=True)
    for suffix in SUFFIXES:
        tail = text[len(text) - len(suffix) :] if len(text) >= len(suffix) else ""
        if tail.casefold() == suffix:
            text = _trim(text[: len(text) - len(suffix)], INNER_BLANKS, left=False)
            break
    if text == "" or len(text) > LONGEST_BODY:
        return None
    # The trailing run of digits: after a comma or a dot, and not three long, it is decimals.
    run = 0
    while run < len(text) and text[len(text) - 1 - run] in ASCII_DIGITS:
        run += 1
    mark = None
    if 0 < run < len(text) and run != 3 and text[len(text) - 1 - run] in (",", "."):
        decimals = text[len(text) - run :]
        if run > 2 or any(c != "0" for c in decimals):
            return None
        mark = text[len(text) - 1 - run]
        text = text[: len(text) - 1 - run]
    value = _whole(text, mark)
    if value is None or value > LIMIT:
        return None
    return value


def grouped(number: int, separator: str) -> str:
    digits = str(number)
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return separator.join(groups)


def notations(number: int) -> list[str]:
    """``number`` written every way a Vietnamese official may type it, all to be read exactly."""
    forms = [str(number)]
    for separator, decimal in (
        (".", ","),
        (",", "."),
        (" ", ","),
        ("\u00a0", ","),
        ("\u202f", "."),
    ):
        text = grouped(number, separator)
        forms += [text, text + decimal + "00", text + decimal + "0"]
    dotted = grouped(number, ".")
    forms += [
        str(number) + ",00",
        str(number) + ".00",
        dotted + "đ",
        dotted + " đ",
        dotted + " VNĐ",
        dotted + "VND",
        dotted + " vnđ",
        dotted + " đồng",
        dotted + " Đồng",
        dotted + " ĐỒNG",
        unicodedata.normalize("NFD", dotted + " đồng"),
        unicodedata.normalize("NFD", dotted + " VNĐ"),
        grouped(number, ",") + ".00 VND",
        "  " + dotted + "\u00a0đ ",
    ]
    return forms


FOREIGN_DIGITS = {
    "superscript": "⁰¹²³⁴⁵⁶⁷⁸⁹",
    "full-width": "０１２３４５６７８９",
    "Arabic-Indic": "٠١٢٣٤٥٦٧٨٩",
    "Devanagari": "०१२३४५६७८९",
}


def with_foreign_digits(text: str, script: str) -> str:
    digits = FOREIGN_DIGITS[script]
    return "".join(digits[int(c)] if c in ASCII_DIGITS else c for c in text)
