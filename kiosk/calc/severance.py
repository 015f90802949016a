"""Severance (经济补偿) by 劳动合同法 Art. 47, and damages for unlawful dismissal by Art. 87.

One month's wage for each full year of service; a remainder of six months or more counts as a
year, a shorter one as half a month (Art. 47 para. 1). When the monthly wage is above three times
the local average monthly wage of the previous year, the monthly base is three times that
average and at most twelve years count (para. 2); the wage is the average of the last twelve
months (para. 3). Unlawful dismissal pays twice the severance (Art. 87), counted from the first
day of work (实施条例 Art. 25); lawful severance counts from 2008-01-01, the day the law took
effect, earlier years following the rules of their time (Art. 97) which this calculator does
not apply — it says so.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from kiosk.calc.errors import CalcInputError
from kiosk.calc.money import to_fen
from kiosk.calc.result import Calculation, LawArticle, Step

LAW = "劳动合同法"
REGULATION = "劳动合同法实施条例"
LAW_DAY = date(2008, 1, 1)
EARLIEST = date(1950, 1, 1)
HIGH_WAGE_FACTOR = 3
HIGH_WAGE_MAX_YEARS = 12


def _service(start: date, end: date) -> tuple[int, int, int]:
    """Full years, months and days from ``start`` through ``end`` (both days worked)."""
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if after.day < start.day:
        months -= 1
    anchor_year, anchor_month = divmod(start.month - 1 + months, 12)
    anchor = _same_day(start.year + anchor_year, anchor_month + 1, start.day)
    return months // 12, months % 12, (after - anchor).days


def _same_day(year: int, month: int, day: int) -> date:
    """``day`` of that month, or its last day when the month is shorter (31 Jan + 1 month)."""
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def _months_owed(years: int, months: int, days: int) -> Decimal:
    if months >= 6:
        return Decimal(years + 1)
    if months or days:
        return Decimal(years) + Decimal("0.5")
    return Decimal(years)


def _count(months: Decimal) -> str:
    """``Decimal("3.5")`` → ``"3.5"``, ``Decimal("4")`` → ``"4"`` (a count, not money)."""
    return f"{months.normalize():f}"


def severance(
    *,
    monthly_wage: Decimal,
    start: date,
    end: date,
    unlawful: bool = False,
    local_average_wage: Decimal | None = None,
) -> Calculation:
    """Severance (or, ``unlawful``, the damages of Art. 87) for service from ``start`` to ``end``.

    :param monthly_wage: the average monthly wage of the last twelve months, yuan.
    :param local_average_wage: the local average monthly wage of the previous year, yuan, as
        published for the terminal's area; without it the high-wage cap cannot be checked.
    :returns: figures ``amount`` (yuan), ``months`` (months of wage owed) and ``monthly_base``.
    :raises CalcInputError: dates out of order or out of range.
    """
    if not EARLIEST <= start <= end:
        raise CalcInputError("start" if start < EARLIEST else "end", "dates_order")
    basis = [LawArticle(LAW, 47)]
    steps: list[Step] = []
    counted_from = start
    if not unlawful and start < LAW_DAY:
        if end < LAW_DAY:
            raise CalcInputError("end", "before_law")
        counted_from = LAW_DAY
        steps.append(Step("before_law", {"start": start.isoformat()}))
        basis.append(LawArticle(LAW, 97))
    years, months, days = _service(counted_from, end)
    steps.append(
        Step("service", {"start": counted_from.isoformat(), "end": end.isoformat(),
                         "years": years, "months": months, "days": days})
    )  # fmt: skip
    owed = _months_owed(years, months, days)
    steps.append(Step("months_owed", {"months": _count(owed)}))
    base = monthly_wage
    if local_average_wage is None:
        steps.append(Step("cap_not_checked", {}))
    elif monthly_wage > HIGH_WAGE_FACTOR * local_average_wage:
        base = HIGH_WAGE_FACTOR * local_average_wage
        capped = min(owed, Decimal(HIGH_WAGE_MAX_YEARS))
        steps.append(
            Step("high_wage_cap", {"wage": monthly_wage, "average": local_average_wage,
                                   "base": base, "months": _count(capped)})
        )  # fmt: skip
        owed = capped
    amount = base * owed
    steps.append(Step("severance", {"base": base, "months": _count(owed), "amount": amount}))
    if unlawful:
        amount *= 2
        steps.append(Step("unlawful_double", {"amount": amount}))
        basis += [LawArticle(LAW, 87), LawArticle(REGULATION, 25)]
    return Calculation(
        {"amount": to_fen(amount), "months": float(owed), "monthly_base": to_fen(base)},
        steps,
        basis,
    )
