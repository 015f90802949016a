"""From a resident's answers (text, as typed or chosen) to a :class:`~kiosk.calc.Calculation`.

The one place that turns answers into the calculators' arguments, for the screen's questions
(:mod:`kiosk.calc.questions`) and for ``legal-kiosk calc`` alike. Answers are strings or None
(not given); every figure that cannot be used raises :class:`~kiosk.calc.CalcInputError`
naming it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from kiosk.calc.court_fee import court_fee
from kiosk.calc.errors import CalcInputError
from kiosk.calc.money import parse_money
from kiosk.calc.result import Calculation
from kiosk.calc.severance import severance
from kiosk.calc.work_injury import disability_benefit

CALCULATORS = ("court-fee", "severance", "work-injury")
YES, NO = "yes", "no"


def parse_date(text: object, field: str) -> date:
    """``YYYY-MM-DD`` (ASCII digits) as a date."""
    if not isinstance(text, str) or not text.strip().isascii():
        raise CalcInputError(field, "not_date")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CalcInputError(field, "not_date") from None


def parse_grade(text: object) -> int:
    """A disability grade ``1``-``10`` given as text."""
    cleaned = text.strip() if isinstance(text, str) else ""
    if not cleaned.isascii() or not cleaned.isdigit() or len(cleaned) > 2:
        raise CalcInputError("grade", "grade_range")
    return int(cleaned)


def _optional_money(answers: Mapping[str, str | None], field: str):
    text = answers.get(field)
    return None if text in (None, "") else parse_money(text, field=field)


def _required(answers: Mapping[str, str | None], field: str) -> str:
    text = answers.get(field)
    if text in (None, ""):
        raise CalcInputError(field, "required")
    return str(text)


def work_out(calculator: str, answers: Mapping[str, str | None]) -> Calculation:
    """The calculation ``calculator`` (one of :data:`CALCULATORS`) gives for ``answers``.

    Keys are the calculators' parameter names: ``amount``, ``case`` (None or ``property`` for a
    property case), ``procedure``, ``monthly_wage``, ``start``, ``end``, ``unlawful`` (``yes``),
    ``grade``, ``local_average_wage``.
    """
    if calculator == "court-fee":
        case = answers.get("case")
        return court_fee(
            amount=_optional_money(answers, "amount"),
            case=None if case in (None, "", "property") else case,
            procedure=answers.get("procedure") or "ordinary",
        )
    if calculator not in CALCULATORS:
        raise CalcInputError("calculator", "unknown_choice")
    wage = parse_money(_required(answers, "monthly_wage"), field="monthly_wage")
    average = _optional_money(answers, "local_average_wage")
    if calculator == "severance":
        unlawful = answers.get("unlawful") or NO
        if unlawful not in (YES, NO):
            raise CalcInputError("unlawful", "unknown_choice")
        return severance(
            monthly_wage=wage,
            start=parse_date(_required(answers, "start"), "start"),
            end=parse_date(_required(answers, "end"), "end"),
            unlawful=unlawful == YES,
            local_average_wage=average,
        )
    return disability_benefit(
        grade=parse_grade(_required(answers, "grade")),
        monthly_wage=wage,
        local_average_wage=average,
    )
