"""What a calculator answers: figures, the steps that led to them, and the articles they rest on."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kiosk.calc.money import yuan_text


@dataclass(frozen=True)
class LawArticle:
    law: str  # the law's short Chinese name, as in contract.laws
    article: int

    def as_json(self) -> dict:
        return {"law": self.law, "article": self.article}


@dataclass(frozen=True)
class Step:
    """One line of the working: catalog key ``calc.step.<key>`` filled with ``values``."""

    key: str
    values: dict[str, object] = field(default_factory=dict)

    def text(self, translate) -> str:
        shown = {
            name: yuan_text(value) if isinstance(value, Decimal) else value
            for name, value in self.values.items()
        }
        return translate(f"calc.step.{self.key}", **shown)


@dataclass
class Calculation:
    figures: dict[str, object]
    steps: list[Step]
    basis: list[LawArticle]

    def as_json(self, translate) -> dict:
        """The CLI's JSON: figures as numbers (yuan), steps as sentences, the estimate notice."""
        answer: dict[str, object] = {
            name: float(value) if isinstance(value, Decimal) else value
            for name, value in self.figures.items()
        }
        answer["steps"] = [step.text(translate) for step in self.steps]
        answer["basis"] = [article.as_json() for article in self.basis]
        answer["notice"] = translate("calc.notice.estimate")
        return answer
