"""Money is a whole number of VND. One place formats it and spells it out."""

from __future__ import annotations


def format_vnd(amount: int | None, *, suffix: bool = True) -> str:
    """``1250000000`` -> ``"1.250.000.000 đ"``."""
    if amount is None:
        return ""
    text = f"{int(amount):,}".replace(",", ".")
    return f"{text} đ" if suffix else text


DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
# Powers of a thousand, as official documents read them (10^12 is "nghìn tỷ").
SCALES = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ", "tỷ tỷ"]


def _group(number: int, *, full: bool) -> list[str]:
    """Read 0-999; ``full`` when a higher group precedes it ("một nghìn không trăm lẻ năm")."""
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
    elif units == 4 and tens >= 2:
        words.append("tư")
    elif units == 5 and tens >= 1:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def number_in_words(number: int) -> str:
    """``2021`` -> ``"hai nghìn không trăm hai mươi mốt"`` (Vietnamese, lower case)."""
    if number < 0:
        raise ValueError("A number in words must not be negative.")
    if number == 0:
        return DIGITS[0]
    groups: list[int] = []
    while number:
        number, rest = divmod(number, 1000)
        groups.append(rest)
    if len(groups) > len(SCALES):
        raise ValueError("Amount too large to read.")
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        if groups[index] == 0:
            continue
        words += _group(groups[index], full=bool(words))
        if SCALES[index]:
            words.append(SCALES[index])
    return " ".join(words)


def amount_in_words(amount: int) -> str:
    """``1250000000`` -> ``"Một tỷ hai trăm năm mươi triệu đồng"``."""
    amount = int(amount)
    if amount < 0:
        raise ValueError("An amount in words must not be negative.")
    words = number_in_words(amount)
    return words[0].upper() + words[1:] + " đồng"
