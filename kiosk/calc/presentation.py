"""A calculation as the resident reads, hears and takes it home: the figure, the working, the law.

Plain functions over a :class:`~kiosk.calc.Calculation` and a translator (``tr(key, **values)``),
shared by the calculator screen, its read-aloud and its printed ticket.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from kiosk.calc.errors import CalcInputError
from kiosk.calc.money import yuan_text
from kiosk.calc.result import Calculation

Translate = Callable[..., str]


def title(tr: Translate, calculator: str) -> str:
    return tr(f"calc.name.{calculator}")


def figure_text(tr: Translate, calculation: Calculation) -> str:
    """The answer in one line: ``约 2,300 元`` or ``约 50 元至 300 元`` (court fees with a range)."""
    figures = calculation.figures
    low = figures.get("fee", figures.get("amount"))
    high = figures.get("fee_max", low)
    if not isinstance(low, Decimal) or not isinstance(high, Decimal):
        raise ValueError("a calculation without a figure")
    if high != low:
        return tr("calc.figure_range", low=yuan_text(low), high=yuan_text(high))
    return tr("calc.figure", amount=yuan_text(low))


def basis_text(tr: Translate, calculation: Calculation) -> str:
    """``依据：《劳动合同法》第47条、第87条；《…实施条例》第25条`` — each law once, in order."""
    by_law: dict[str, list[int]] = {}
    for article in calculation.basis:
        numbers = by_law.setdefault(article.law, [])
        if article.article not in numbers:
            numbers.append(article.article)
    parts = [
        tr(
            "calc.basis.law",
            law=law,
            articles=tr("calc.basis.join").join(
                tr("calc.basis.article", article=n) for n in numbers
            ),
        )
        for law, numbers in by_law.items()
    ]
    return tr("calc.basis.line", laws=tr("calc.basis.join_laws").join(parts))


def working_lines(tr: Translate, calculation: Calculation) -> list[str]:
    """The steps with the resident's numbers, then the law."""
    return [*(step.text(tr) for step in calculation.steps), basis_text(tr, calculation)]


def take_home_lines(tr: Translate, calculation: Calculation) -> list[str]:
    """What the ticket and the read-aloud give: the estimate notice first, then the working."""
    return [tr("calc.notice.estimate"), *working_lines(tr, calculation)]


def error_text(tr: Translate, error: CalcInputError) -> str:
    """The kind sentence for a figure that cannot be used, naming it."""
    field = tr(f"calc.field.{error.field}")
    return tr(f"calc.error.{error.reason}", field=field, **error.values)
