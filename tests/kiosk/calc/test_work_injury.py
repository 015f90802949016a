"""The one-off disability benefit by 工伤保险条例 Arts. 35-37 and 64, worked out by hand."""

from decimal import Decimal

import pytest

from kiosk.calc import CalcInputError, disability_benefit

D = Decimal


@pytest.mark.parametrize(
    ("grade", "months", "article"),
    [(1, 27, 35), (2, 25, 35), (3, 23, 35), (4, 21, 35), (5, 18, 36), (6, 16, 36),
     (7, 13, 37), (8, 11, 37), (9, 9, 37), (10, 7, 37)],
)  # fmt: skip
def test_months_by_grade(grade, months, article):
    result = disability_benefit(grade=grade, monthly_wage=D("5000"))
    assert result.figures == {"amount": D(5000 * months), "months": months, "monthly_base": D(5000)}
    assert [(a.law, a.article) for a in result.basis] == [("工伤保险条例", article)]


@pytest.mark.parametrize(
    ("wage", "base"),
    [
        ("20000", "18000"),  # above 300 % of 6,000: counted at 18,000
        ("18000", "18000"),  # exactly 300 %
        ("3000", "3600"),  # below 60 %: counted at 3,600
        ("3600", "3600"),  # exactly 60 %
        ("5000", "5000"),
    ],
)
def test_the_wage_is_counted_between_60_and_300_percent_of_the_local_average(wage, base):
    result = disability_benefit(grade=10, monthly_wage=D(wage), local_average_wage=D("6000"))
    assert result.figures["monthly_base"] == D(base)
    assert result.figures["amount"] == D(base) * 7
    assert ("工伤保险条例", 64) in [(a.law, a.article) for a in result.basis]


@pytest.mark.parametrize("grade", [0, 11, -1, True])
def test_grades_outside_one_to_ten(grade):
    with pytest.raises(CalcInputError) as raised:
        disability_benefit(grade=grade, monthly_wage=D("5000"))
    assert (raised.value.field, raised.value.reason) == ("grade", "grade_range")
