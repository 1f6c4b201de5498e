"""Money is a whole number of VND. One place reads it, formats it and spells it out.

Every money input of the portal (forms, the admin, the Finance Department's statement import)
goes through :func:`parse_vnd`, so an amount typed the way Vietnamese officials type it is read
the same everywhere, and anything that is not plainly a whole number of đồng is refused with a
message instead of being read as a different number.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext

# The largest amount the portal reads or spells out: far above any provincial budget, and
# well inside a PostgreSQL BIGINT.
MAX_VND = 10**15
EXAMPLE = "12.500.000"

# One "kind" of thousands separator: the dot, the comma, or a space of any width (the plain
# space, the no-break space of Excel/Word and the narrow no-break space of French-style locales).
_SPACES = " \u00a0\u202f"
_KINDS = {".": ".", ",": ","} | {space: " " for space in _SPACES}
BLANKS = _SPACES + "\t\r\n"  # ignored around an amount; an input of only these is empty
# Longest suffix first, compared after NFC and case folding ("VNĐ", "Đồng" and "ĐỒNG" too).
_SUFFIXES = ("đồng", "vnđ", "vnd", "đ")
_GROUP = re.compile(r"[0-9]{3}")
_LEAD = re.compile(r"[1-9][0-9]{0,2}")
_PLAIN = re.compile(r"0|[1-9][0-9]*")
_ZEROS = re.compile(r"0{1,2}")
_SHOWN = 40  # characters of the typed value repeated in a message
_LONGEST = 40  # "1.000.000.000.000.000,00" has 24; longer is never an amount we read


class MoneyParseError(ValueError):
    """The text is not a whole amount of VND; ``message`` says so in Vietnamese."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _shown(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _refuse(typed: str) -> MoneyParseError:
    return MoneyParseError(
        gettext(
            "“%(typed)s” không phải là số tiền hợp lệ: nhập số nguyên đồng bằng chữ số, "
            "dấu chấm ngăn cách hàng nghìn, ví dụ %(example)s."
        )
        % {"typed": _shown(typed), "example": EXAMPLE}
    )


def _negative(typed: str) -> MoneyParseError:
    return MoneyParseError(
        gettext("Số tiền không được âm: “%(typed)s”. Nhập số tiền dương, ví dụ %(example)s.")
        % {"typed": _shown(typed), "example": EXAMPLE},
        code="min_value",
    )


def _strip_suffix(text: str) -> str:
    for suffix in _SUFFIXES:
        if text[-len(suffix) :].casefold() == suffix:
            return text[: -len(suffix)].rstrip(_SPACES + "\t")
    return text


def _split_decimals(body: str) -> tuple[str, str | None, str | None]:
    """``"2.500.000,00"`` -> ``("2.500.000", ",", "00")``; else ``(body, None, None)``.

    A separator followed by exactly three digits is a thousands separator, never a decimal
    point (VND has no decimals): ``1.500`` is 1500.
    """
    for mark in (",", "."):
        head, found, tail = body.rpartition(mark)
        if found and len(tail) != 3 and tail.isascii() and tail.isdigit():
            return head, mark, tail
    return body, None, None


def parse_vnd(text: str) -> int:
    """Read a whole amount of VND as Vietnamese officials type it.

    Accepted: ASCII digits, optionally grouped by threes with ONE kind of thousands separator
    (``.``, ``,``, a space, a no-break space or a narrow no-break space); optionally one or two
    zero decimals after the other separator (``2.500.000,00``, ``2,500,000.00``,
    ``2500000,00``); optionally the suffix ``đ``, ``VNĐ``, ``VND`` or ``đồng`` in any case and
    Unicode normalisation. ``1.500`` and ``1,500`` are 1500 (a group of three after one
    separator is always a thousands separator: VND has no decimals).

    Returns the amount in VND (0 to :data:`MAX_VND`).

    Raises :class:`MoneyParseError` (a ``ValueError``) with a Vietnamese message that repeats
    what was typed and shows the expected form, for anything else: an empty text, a sign,
    non-ASCII digits (superscript, full-width, Arabic-Indic), a fraction (``1.5``), mixed
    separators, wrong grouping (``1.50.000``), non-zero decimals, or more than ``MAX_VND``.
    """
    typed = str(text)
    body = _strip_suffix(unicodedata.normalize("NFC", typed).strip(BLANKS))
    if not body:
        raise MoneyParseError(
            gettext("Vui lòng nhập số tiền bằng chữ số, ví dụ %(example)s.") % {"example": EXAMPLE},
            code="required",
        )
    if len(body) > _LONGEST:
        raise _refuse(typed)
    whole, mark, zeros = _split_decimals(body)
    if zeros is not None and not _ZEROS.fullmatch(zeros):
        raise _refuse(typed)
    amount = _read_whole(whole, decimal_mark=mark)
    if amount is None:
        if whole[:1] in ("-", "\u2212") and _read_whole(whole[1:], decimal_mark=mark) is not None:
            raise _negative(typed)
        raise _refuse(typed)
    if amount > MAX_VND:
        raise MoneyParseError(
            gettext("Số tiền quá lớn: “%(typed)s” vượt mức tối đa %(max)s đồng.")
            % {"typed": _shown(typed), "max": format_vnd(MAX_VND, suffix=False)},
            code="max_value",
        )
    return amount


def _read_whole(whole: str, *, decimal_mark: str | None) -> int | None:
    """The whole part, plain or grouped by threes with one separator kind; None if neither."""
    if _PLAIN.fullmatch(whole):
        return int(whole)
    kinds = {_KINDS[c] for c in whole if c in _KINDS}
    if len(kinds) != 1:
        return None
    kind = kinds.pop()
    if kind == decimal_mark:
        return None
    groups = re.split("[" + re.escape(_SPACES) + "]" if kind == " " else re.escape(kind), whole)
    if not _LEAD.fullmatch(groups[0]) or not all(_GROUP.fullmatch(g) for g in groups[1:]):
        return None
    return int("".join(groups))


def format_vnd(amount: int | None, *, suffix: bool = True) -> str:
    """``1250000000`` -> ``"1.250.000.000 đ"``."""
    if amount is None:
        return ""
    text = f"{int(amount):,}".replace(",", ".")
    return f"{text} đ" if suffix else text


DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
BILLION = 10**9


def _below_thousand(number: int, *, full: bool) -> list[str]:
    """Read 0-999; ``full`` when a higher part precedes it ("một nghìn không trăm lẻ năm")."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("lẻ")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 5 and tens >= 1:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _below_billion(number: int, *, full: bool) -> list[str]:
    """Read 0-999,999,999 with nghìn and triệu; a zero part is left out."""
    words: list[str] = []
    for scale, name in ((10**6, "triệu"), (10**3, "nghìn"), (1, "")):
        part = number // scale % 1000
        if part == 0:
            continue
        words += _below_thousand(part, full=full or bool(words))
        if name:
            words.append(name)
    return words


def _words(number: int, *, full: bool) -> list[str]:
    high, low = divmod(number, BILLION)
    words: list[str] = []
    if high:
        # Above a billion the count of tỷ is itself read as a number: 1.100 tỷ is
        # "một nghìn một trăm tỷ", 10^15 is "một triệu tỷ".
        words += _words(high, full=full) + ["tỷ"]
    return words + _below_billion(low, full=full or bool(words))


def number_in_words(number: int) -> str:
    """``2021`` -> ``"hai nghìn không trăm hai mươi mốt"`` (Vietnamese, lower case).

    The reading of Vietnamese accounting documents (payment orders, vouchers):

    - 11 "mười một", 21 "hai mươi mốt"; 15 "mười lăm", 25 "hai mươi lăm"; 10 "mười",
      20 "hai mươi"; 105 "một trăm lẻ năm".
    - 4 is always "bốn" (14 "mười bốn", 24 "hai mươi bốn"), never the colloquial "tư": the
      form that cannot be misread on a signed document.
    - "nghìn", not the northern-only "ngàn"; above "tỷ" the count of tỷ is read as a number
      ("một nghìn một trăm tỷ", "một triệu tỷ").
    - A part that is zero is left out, and the part after it is read in full with its
      hundreds: 1.005 "một nghìn không trăm lẻ năm", 1.000.001 "một triệu không trăm lẻ một"
      (not "một triệu không nghìn không trăm lẻ một").

    Raises ``ValueError`` for a negative number or one above ``MAX_VND`` (10^15).
    """
    number = int(number)
    if number < 0:
        raise ValueError("A number in words must not be negative.")
    if number > MAX_VND:
        raise ValueError("Amount too large to read (above 10^15).")
    if number == 0:
        return DIGITS[0]
    return " ".join(_words(number, full=False))


def amount_in_words(amount: int) -> str:
    """``1250000000`` -> ``"Một tỷ hai trăm năm mươi triệu đồng"`` (VND, up to 10^15).

    Raises ``ValueError`` for a negative amount or one above 10^15 (see ``number_in_words``).
    """
    words = number_in_words(amount)
    return words[0].upper() + words[1:] + " đồng"
