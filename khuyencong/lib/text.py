"""One normaliser for every text the portal stores or searches (issue 14, item 1).

Vietnamese arrives precomposed (NFC) from most keyboards and decomposed (NFD) from some (macOS,
older Unikey settings): the same visible word are two different strings. Everything stored is
NFC; a search compares the *folded* forms: NFC, without tone and vowel marks, ``đ`` read as
``d``, lower case, blanks collapsed. PostgreSQL folds stored text the same way with
``kc_unaccent`` (``unaccent`` + ``lower``); SQLite with :func:`fold` registered as a function.
"""

from __future__ import annotations

import re
import unicodedata

_BLANKS = re.compile(r"\s+")
# Letters that carry no combining mark in NFD and that ``unaccent`` maps all the same.
_PLAIN = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def nfc(value: str) -> str:
    """``value`` in Unicode NFC (precomposed), the one form stored; non-strings unchanged."""
    if not isinstance(value, str) or value.isascii():
        return value
    return unicodedata.normalize("NFC", value)


def fold(value: str | None) -> str:
    """The search form of ``value``: no diacritics, ``đ`` → ``d``, lower case, one blank.

    ``"Máy SẤY  Đồng"`` (NFC or NFD) → ``"may say dong"``. ``None`` gives ``""``. Raises nothing.
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = unicodedata.normalize("NFC", bare.translate(_PLAIN)).lower()
    return _BLANKS.sub(" ", bare).strip()


def fold_sql(value: str | None) -> str | None:
    """:func:`fold` without collapsing blanks: what ``kc_unaccent`` returns for stored text."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFD", value)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare.translate(_PLAIN)).lower()


def dossier_code(value: str | None) -> str:
    """A typed dossier code in its stored form: NFKC, no blanks, upper case (``KC-2026-0001``).

    Codes are stored upper case, so an exact code is an equality on the unique index, never
    ``UPPER(code)``. Raises nothing; an empty input gives ``""``.
    """
    if not value:
        return ""
    return "".join(unicodedata.normalize("NFKC", value).split()).upper()
