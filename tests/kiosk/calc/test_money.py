"""Money as residents type it: plain yuan, at most two decimals, bounded."""

from decimal import Decimal

import pytest

from kiosk.calc import CalcInputError, parse_money
from kiosk.calc.money import yuan_text


@pytest.mark.parametrize(
    ("text", "value"),
    [("6000", "6000"), ("6,000.5", "6000.5"), ("６０００", "6000"), (" 6000元 ", "6000"),
     ("0.01", "0.01"), ("100000000000", "100000000000")],
)  # fmt: skip
def test_accepted(text, value):
    assert parse_money(text, field="amount") == Decimal(value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "not_money"), ("-1", "not_money"), ("1e5", "not_money"), ("0.001", "not_money"),
     ("NaN", "not_money"), ("Infinity", "not_money"), ("1" + "0" * 12, "not_money"),
     ("100000000001", "too_large"), ("0", "zero"), ("六千", "not_money"), (True, "not_money"),
     (6000.5, "not_money"), ("\ud800", "not_money")],
)  # fmt: skip
def test_refused(text, reason):
    with pytest.raises(CalcInputError) as raised:
        parse_money(text, field="amount")
    assert raised.value.reason == reason


@pytest.mark.parametrize(
    ("value", "text"), [("2300", "2,300"), ("2769.1356", "2,769.14"), ("0.005", "0.01")]
)
def test_yuan_text(value, text):
    assert yuan_text(Decimal(value)) == text
