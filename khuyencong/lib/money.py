"""Money is a whole number of VND. One place formats it and spells it out."""

from __future__ import annotations

from num2words import num2words


def format_vnd(amount: int | None, *, suffix: bool = True) -> str:
    """``1250000000`` -> ``"1.250.000.000 đ"``."""
    if amount is None:
        return ""
    text = f"{int(amount):,}".replace(",", ".")
    return f"{text} đ" if suffix else text


def amount_in_words(amount: int) -> str:
    """``1250000000`` -> ``"Một tỷ hai trăm năm mươi triệu đồng"``."""
    amount = int(amount)
    if amount < 0:
        raise ValueError("An amount in words must not be negative.")
    words = " ".join(num2words(amount, lang="vi").split())
    return words[0].upper() + words[1:] + " đồng"
