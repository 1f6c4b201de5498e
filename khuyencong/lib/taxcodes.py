"""Identifiers a facility registers with: tax codes and, for household businesses, the
representative's personal identification number.

- Enterprise tax code: 10 digits with a check digit; a branch or dependent unit adds a
  3-digit suffix (13 digits) (Circular 105/2020/TT-BTC; check digit through python-stdnum).
- Household business: since 1 July 2025 the representative's 12-digit personal identification
  number (số định danh cá nhân) serves as the tax code (Circular 86/2024/TT-BTC).
  Its structure (Decree 137/2015/NĐ-CP, Art. 13): a 3-digit code of the province of birth
  registration, one digit for century and sex, two digits of the year of birth, six random
  digits. It has no check digit, so only the structure can be validated.
"""

from __future__ import annotations

import re

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.vn import mst

# Province codes of the personal identification number: the 63 provinces as they were when the
# numbers were issued (Circular 07/2016/TT-BCA, annex). Numbers already issued keep them after
# the 2025 mergers. Marked unverified: taken from the published list, not from the circular's text.
PERSONAL_ID_PROVINCE_CODES = frozenset(
    f"{n:03d}"
    for n in (
        1,
        2,
        4,
        6,
        8,
        10,
        11,
        12,
        14,
        15,
        17,
        19,
        20,
        22,
        24,
        25,
        26,
        27,
        30,
        31,
        33,
        34,
        35,
        36,
        37,
        38,
        40,
        42,
        44,
        45,
        46,
        48,
        49,
        51,
        52,
        54,
        56,
        58,
        60,
        62,
        64,
        66,
        67,
        68,
        70,
        72,
        74,
        75,
        77,
        79,
        80,
        82,
        83,
        84,
        86,
        87,
        89,
        91,
        92,
        93,
        94,
        95,
        96,
    )
)

_SEPARATORS = re.compile(r"[\s.\-]")


class IdentifierError(ValueError):
    """Why an identifier is refused; ``code`` is one of format, length, checksum, structure."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def compact(value: str) -> str:
    return _SEPARATORS.sub("", (value or "").strip())


def is_personal_id(value: str) -> bool:
    """Whether ``value`` (compact) has the length of a personal identification number."""
    return len(value) == 12 and value.isdigit()


def validate_personal_id(value: str) -> str:
    """A 12-digit personal identification number, structure checked; raises IdentifierError."""
    number = compact(value)
    if not number.isdigit():
        raise IdentifierError("format")
    if len(number) != 12:
        raise IdentifierError("length")
    if number[:3] not in PERSONAL_ID_PROVINCE_CODES:
        raise IdentifierError("structure")
    return number


def validate_tax_identifier(value: str) -> str:
    """A tax code of 10 or 13 digits (check digit validated) or a 12-digit personal
    identification number (structure validated). Returns the compact digits.

    Raises IdentifierError with code ``format`` (not digits), ``length``, ``checksum`` or
    ``structure`` (a 12-digit number whose province code does not exist).
    """
    raw = (value or "").strip()
    if re.search(r"[^0-9\s.\-]", raw):
        raise IdentifierError("format")
    number = compact(raw)
    if len(number) == 12:
        return validate_personal_id(number)
    try:
        return mst.validate(number)
    except InvalidLength:
        raise IdentifierError("length") from None
    except InvalidChecksum:
        raise IdentifierError("checksum") from None
    except (InvalidFormat, StdnumError):
        raise IdentifierError("format") from None
