"""The questions a resident answers, one per screen, before a calculator can work out a figure.

Pure data and one function: which questions apply given the answers so far (the amount of a
court case is asked only for cases counted by an amount). Prompts, hints and choice labels are
catalog keys (``calc.q.<key>``, ``calc.hint.<key>``, ``calc.choice.<key>.<value>``), so the
screen shows and reads them in the resident's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from kiosk.calc.answers import NO, YES
from kiosk.calc.court_fee import CASES_WITH_AMOUNT, PROCEDURES
from kiosk.calc.work_injury import DISABILITY_MONTHS

CHOICE, MONEY, DATE = "choice", "money", "date"
# The kinds of case a resident is offered (the rarer kinds of CASE_KINDS stay in the CLI).
CASES = ("property", "labor", "divorce", "personality", "non-property", "ip", "administrative")

Answers = Mapping[str, str | None]


def _always(_answers: Answers) -> bool:
    return True


@dataclass(frozen=True)
class Question:
    """``key`` is the answer's name (a parameter of :func:`kiosk.calc.answers.work_out`).

    ``optional``: the resident may skip it (a 跳过 button; the answer is None).
    ``prompt``: the catalog key of the question when it is not ``calc.q.<key>``.
    """

    key: str
    kind: str
    choices: tuple[str, ...] = ()
    optional: bool = False
    prompt: str = ""
    applies: Callable[[Answers], bool] = _always

    @property
    def prompt_key(self) -> str:
        return self.prompt or f"calc.q.{self.key}"

    @property
    def hint_key(self) -> str:
        return "calc.hint." + (self.prompt.removeprefix("calc.q.") or self.key)

    def choice_key(self, value: str) -> str:
        return f"calc.choice.{self.key}.{value}"


def _property(answers: Answers) -> bool:
    return answers.get("case") == "property"


def _amount_prompt(case: str) -> Callable[[Answers], bool]:
    return lambda answers: answers.get("case") == case


LOCAL_AVERAGE = Question("local_average_wage", MONEY, optional=True)
QUESTIONS: dict[str, tuple[Question, ...]] = {
    "court-fee": (
        Question("case", CHOICE, CASES),
        Question("amount", MONEY, applies=_property),
        *(
            Question(
                "amount",
                MONEY,
                optional=True,
                prompt=f"calc.q.amount_{case}",
                applies=_amount_prompt(case),
            )
            for case in CASES_WITH_AMOUNT
        ),
        Question("procedure", CHOICE, PROCEDURES),
    ),
    "severance": (
        Question("monthly_wage", MONEY),
        Question("start", DATE),
        Question("end", DATE),
        Question("unlawful", CHOICE, (NO, YES)),
        LOCAL_AVERAGE,
    ),
    "work-injury": (
        Question("grade", CHOICE, tuple(str(grade) for grade in sorted(DISABILITY_MONTHS))),
        Question("monthly_wage", MONEY, prompt="calc.q.injury_wage"),
        LOCAL_AVERAGE,
    ),
}


def questions_for(calculator: str, answers: Answers) -> list[Question]:
    """The questions of ``calculator`` that apply to ``answers``, in the order they are asked."""
    return [question for question in QUESTIONS[calculator] if question.applies(answers)]


def next_question(calculator: str, answers: Answers, asked: int) -> Question | None:
    """The question after the first ``asked`` that apply, or None when all are answered."""
    remaining = questions_for(calculator, answers)[asked:]
    return remaining[0] if remaining else None
