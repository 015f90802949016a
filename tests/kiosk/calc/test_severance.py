"""Severance by 劳动合同法 Arts. 47, 87 and 97, against figures worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest

from kiosk.calc import CalcInputError, severance

D = Decimal

CASES = [
    # wage, start, end, unlawful, local average, months owed, amount
    ("6000", "2022-01-01", "2022-12-31", False, None, 1, "6000"),  # one full year
    ("6000", "2022-01-01", "2022-06-30", False, None, 1, "6000"),  # six months count as a year
    ("6000", "2022-01-01", "2022-06-29", False, None, 0.5, "3000"),  # one day short of six months
    ("6000", "2023-03-01", "2023-06-30", False, None, 0.5, "3000"),  # four months: half a month
    ("6000", "2020-03-01", "2023-08-31", False, None, 4, "24000"),  # 3 y 6 m
    ("6000", "2020-03-01", "2023-08-30", False, None, 3.5, "21000"),  # 3 y 5 m 30 d
    ("6000", "2020-03-01", "2023-08-31", True, None, 4, "48000"),  # Art. 87: twice
    ("5432.10", "2021-05-10", "2024-05-09", False, None, 3, "16296.30"),
    # above three times the local average: base 3 x average, at most 12 years
    ("40000", "2008-01-01", "2025-12-31", False, "10000", 12, "360000"),
    ("40000", "2020-01-01", "2022-12-31", False, "10000", 3, "90000"),
    ("30000", "2008-01-01", "2025-12-31", False, "10000", 18, "540000"),  # exactly 3x: no cap
    ("40000", "2008-01-01", "2025-12-31", True, "10000", 12, "720000"),
    # lawful severance counts from 2008-01-01 (Art. 97); unlawful from the first day (条例 Art. 25)
    ("6000", "2005-06-01", "2010-05-31", False, None, 2.5, "15000"),
    ("6000", "2005-06-01", "2010-05-31", True, None, 5, "60000"),
]


@pytest.mark.parametrize(("wage", "start", "end", "unlawful", "average", "months", "amount"), CASES)
def test_golden_table(wage, start, end, unlawful, average, months, amount):
    result = severance(
        monthly_wage=D(wage),
        start=date.fromisoformat(start),
        end=date.fromisoformat(end),
        unlawful=unlawful,
        local_average_wage=None if average is None else D(average),
    )
    assert result.figures["months"] == months
    assert result.figures["amount"] == D(amount)


def test_years_before_2008_are_named_not_silently_dropped():
    result = severance(monthly_wage=D("6000"), start=date(2005, 6, 1), end=date(2010, 5, 31))
    assert result.steps[0].key == "before_law"
    assert [(a.law, a.article) for a in result.basis] == [("劳动合同法", 47), ("劳动合同法", 97)]


def test_without_the_local_average_the_cap_is_said_to_be_unchecked():
    result = severance(monthly_wage=D("90000"), start=date(2010, 1, 1), end=date(2025, 12, 31))
    assert "cap_not_checked" in [s.key for s in result.steps]
    assert result.figures["months"] == 16


def test_unlawful_dismissal_cites_art_87_and_the_regulation():
    result = severance(
        monthly_wage=D("6000"), start=date(2020, 1, 1), end=date(2020, 12, 31), unlawful=True
    )
    assert [(a.law, a.article) for a in result.basis] == [
        ("劳动合同法", 47),
        ("劳动合同法", 87),
        ("劳动合同法实施条例", 25),
    ]


@pytest.mark.parametrize(
    ("start", "end", "unlawful", "reason"),
    [
        ("2024-01-02", "2024-01-01", False, "dates_order"),
        ("1949-12-31", "2024-01-01", True, "dates_order"),
        ("2001-01-01", "2007-12-31", False, "before_law"),
    ],
)
def test_dates_that_cannot_be_used(start, end, unlawful, reason):
    with pytest.raises(CalcInputError) as raised:
        severance(
            monthly_wage=D("6000"),
            start=date.fromisoformat(start),
            end=date.fromisoformat(end),
            unlawful=unlawful,
        )
    assert raised.value.reason == reason
