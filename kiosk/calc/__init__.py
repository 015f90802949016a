"""Calculators residents use at the kiosk: court fees, severance, the one-off disability benefit.

Each is a pure function of the resident's figures (and, where the law refers to a local figure
such as the average wage, of a figure the caller passes) returning a :class:`Calculation`: the
figures, the steps with the resident's numbers in them (translation keys and values, so screens
and the CLI show them in the resident's language) and the articles the result rests on. Money
is :class:`decimal.Decimal` in yuan, rounded to the fen only at the end.
"""

from kiosk.calc.court_fee import CASE_KINDS, PROCEDURES, court_fee
from kiosk.calc.errors import CalcInputError
from kiosk.calc.money import parse_money
from kiosk.calc.result import Calculation, LawArticle, Step
from kiosk.calc.severance import severance
from kiosk.calc.work_injury import DISABILITY_MONTHS, disability_benefit

__all__ = [
    "CASE_KINDS",
    "DISABILITY_MONTHS",
    "PROCEDURES",
    "Calculation",
    "CalcInputError",
    "LawArticle",
    "Step",
    "court_fee",
    "disability_benefit",
    "parse_money",
    "severance",
]
