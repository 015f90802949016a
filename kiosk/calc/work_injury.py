"""The one-off disability benefit (一次性伤残补助金) by 工伤保险条例 Arts. 35-37 and 64.

Months of the worker's own wage by disability grade: grades 1-4 (Art. 35), 5-6 (Art. 36),
7-10 (Art. 37). The own wage is the average monthly wage of the twelve months before the injury,
counted at no more than 300 % and no less than 60 % of the local average wage (Art. 64).
"""

from __future__ import annotations

from decimal import Decimal

from kiosk.calc.errors import CalcInputError
from kiosk.calc.money import to_fen
from kiosk.calc.result import Calculation, LawArticle, Step

LAW = "工伤保险条例"
DISABILITY_MONTHS = {1: 27, 2: 25, 3: 23, 4: 21, 5: 18, 6: 16, 7: 13, 8: 11, 9: 9, 10: 7}
GRADE_ARTICLE = {1: 35, 2: 35, 3: 35, 4: 35, 5: 36, 6: 36, 7: 37, 8: 37, 9: 37, 10: 37}
WAGE_CEILING = Decimal("3")
WAGE_FLOOR = Decimal("0.6")


def disability_benefit(
    *, grade: int, monthly_wage: Decimal, local_average_wage: Decimal | None = None
) -> Calculation:
    """The benefit for disability ``grade`` (1 heaviest … 10) and the worker's monthly wage.

    :returns: figures ``amount`` (yuan), ``months`` and ``monthly_base`` (the wage as counted).
    :raises CalcInputError: a grade outside 1-10.
    """
    if isinstance(grade, bool) or grade not in DISABILITY_MONTHS:
        raise CalcInputError("grade", "grade_range")
    months = DISABILITY_MONTHS[grade]
    basis = [LawArticle(LAW, GRADE_ARTICLE[grade])]
    steps = [Step("grade_months", {"grade": grade, "months": months})]
    base = monthly_wage
    if local_average_wage is None:
        steps.append(Step("wage_bounds_not_checked", {}))
    else:
        basis.append(LawArticle(LAW, 64))
        ceiling, floor = WAGE_CEILING * local_average_wage, WAGE_FLOOR * local_average_wage
        if base > ceiling:
            base = ceiling
            steps.append(Step("wage_ceiling", {"wage": monthly_wage, "base": base}))
        elif base < floor:
            base = floor
            steps.append(Step("wage_floor", {"wage": monthly_wage, "base": base}))
    amount = base * months
    steps.append(Step("benefit", {"base": base, "months": months, "amount": amount}))
    return Calculation(
        {"amount": to_fen(amount), "months": months, "monthly_base": to_fen(base)}, steps, basis
    )
