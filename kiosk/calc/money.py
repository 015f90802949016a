"""Money as the resident types it: yuan with at most two decimals, bounded, never a float."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from kiosk.calc.errors import CalcInputError

FEN = Decimal("0.01")
MAX_YUAN = Decimal("100000000000")  # 1,000 亿: beyond any case a terminal helps with
_MONEY_RE = re.compile(r"(?:\d{1,12})(?:\.\d{1,2})?")


def parse_money(text: object, *, field: str, allow_zero: bool = False) -> Decimal:
    """``text`` (``"6000"``, ``"6,000.50"``, full-width digits) as yuan.

    :raises kiosk.calc.CalcInputError: not a plain amount, more than two decimals, negative,
        zero (unless ``allow_zero``) or above :data:`MAX_YUAN`.
    """
    if isinstance(text, bool) or not isinstance(text, (str, int, Decimal)):
        raise CalcInputError(field, "not_money")
    cleaned = unicodedata.normalize("NFKC", str(text)).strip().replace(",", "")
    cleaned = cleaned.removesuffix("元").strip()
    if not _MONEY_RE.fullmatch(cleaned):
        raise CalcInputError(field, "not_money")
    value = Decimal(cleaned)
    if value > MAX_YUAN:
        raise CalcInputError(field, "too_large")
    if value == 0 and not allow_zero:
        raise CalcInputError(field, "zero")
    return value


def to_fen(value: Decimal) -> Decimal:
    """Rounded to the fen, half up (as a cashier rounds)."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def yuan_text(value: Decimal) -> str:
    """``12345.5`` → ``"12,345.50"``; whole amounts without decimals (``"2,300"``)."""
    rounded = to_fen(value)
    if rounded == rounded.to_integral_value():
        return f"{int(rounded):,}"
    return f"{rounded:,.2f}"


def percent_text(rate: Decimal) -> str:
    """``0.025`` → ``"2.5%"``."""
    return f"{(rate * 100).normalize():f}%"
