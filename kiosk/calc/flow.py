"""One resident's way through a calculator: a question at a time, then the figure. No Kivy import.

The screen shows :attr:`CalcFlow.question` (or the result), feeds taps to :meth:`choose`,
:meth:`type_digit`, :meth:`next` and :meth:`skip`, and goes one step back with :meth:`back`.
Money and dates are typed on a digit pad: whole yuan, and dates as eight digits (年月日).
Everything typed is forgotten by :meth:`wipe` (the resident leaves, or the session resets).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.calc.answers import parse_date, work_out
from kiosk.calc.errors import CalcInputError
from kiosk.calc.money import parse_money
from kiosk.calc.questions import CHOICE, DATE, MONEY, QUESTIONS, Question, questions_for
from kiosk.calc.result import Calculation

MAX_MONEY_DIGITS = 12  # the calculators' bound (1,000 亿 yuan) in whole yuan
DATE_DIGITS = 8  # YYYYMMDD


def date_parts(digits: str) -> tuple[str, str, str]:
    """Year, month and day as typed so far, each padded with ``_`` (``2015`` → ``2015, __, __``)."""
    padded = digits.ljust(DATE_DIGITS, "_")
    return padded[:4], padded[4:6], padded[6:8]


def iso_date(digits: str) -> str:
    year, month, day = date_parts(digits)
    return f"{year}-{month}-{day}"


def grouped(digits: str) -> str:
    """``1234567`` → ``1,234,567`` (what the pad shows while a resident types an amount)."""
    return f"{int(digits):,}" if digits else ""


@dataclass
class CalcFlow:
    calculator: str | None = None
    answers: dict[str, str | None] = field(default_factory=dict)
    asked: int = 0  # how many of the questions that apply are answered
    typed: str = ""  # digits on the pad for the current money or date question
    result: Calculation | None = None
    error: CalcInputError | None = None

    # -- where we are ---------------------------------------------------------------------
    def start(self, calculator: str) -> None:
        if calculator not in QUESTIONS:
            raise ValueError(f"unknown calculator {calculator!r}")
        self.wipe()
        self.calculator = calculator

    @property
    def questions(self) -> list[Question]:
        return questions_for(self.calculator, self.answers) if self.calculator else []

    @property
    def question(self) -> Question | None:
        """The question on screen, or None (choosing a calculator, or the result is shown)."""
        if self.calculator is None or self.result is not None:
            return None
        questions = self.questions
        return questions[self.asked] if self.asked < len(questions) else None

    def progress(self) -> tuple[int, int]:
        """(this question's number, how many there are) for 第 2 步，共 4 步."""
        return self.asked + 1, len(self.questions)

    # -- the pad ------------------------------------------------------------------------------
    def max_digits(self) -> int:
        question = self.question
        if question is None or question.kind == CHOICE:
            return 0
        return DATE_DIGITS if question.kind == DATE else MAX_MONEY_DIGITS

    def pad_full(self) -> bool:
        return len(self.typed) >= self.max_digits()

    def type_digit(self, digit: str) -> None:
        question = self.question
        if question is None or question.kind == CHOICE:
            return
        if len(digit) == 1 and digit.isascii() and digit.isdigit() and not self.pad_full():
            if self.typed == "" and digit == "0" and question.kind == MONEY:
                return  # no leading zero in an amount
            self.typed += digit
            self.error = None

    def backspace(self) -> None:
        self.typed = self.typed[:-1]
        self.error = None

    def clear_typed(self) -> None:
        self.typed = ""
        self.error = None

    def can_go_on(self) -> bool:
        """Whether 下一步 does something: an amount typed, or all eight digits of a date."""
        question = self.question
        if question is None or question.kind == CHOICE:
            return False
        return len(self.typed) == DATE_DIGITS if question.kind == DATE else bool(self.typed)

    # -- answering ----------------------------------------------------------------------------
    def choose(self, value: str) -> None:
        question = self.question
        if question is None or question.kind != CHOICE or value not in question.choices:
            raise ValueError(f"{value!r} is not a choice of this question")
        self._answer(question, value)

    def next(self) -> bool:
        """Take the typed figure as the answer; False (and :attr:`error` set) when it is unusable."""
        question = self.question
        if question is None or question.kind == CHOICE or not self.can_go_on():
            return False
        try:
            if question.kind == MONEY:
                value = str(parse_money(self.typed, field=question.key))
            else:
                value = parse_date(iso_date(self.typed), question.key).isoformat()
        except CalcInputError as exc:
            self.error = exc
            return False
        self._answer(question, value)
        return True

    def skip(self) -> None:
        question = self.question
        if question is not None and question.optional:
            self._answer(question, None)

    def _answer(self, question: Question, value: str | None) -> None:
        assert self.calculator is not None  # a question is only asked inside a calculator
        self.answers[question.key] = value
        # A changed answer can change which questions follow (a case without an amount).
        kept = {q.key for q in questions_for(self.calculator, self.answers)}
        for key in list(self.answers):
            if key not in kept:
                del self.answers[key]
        self.asked += 1
        self.typed = ""
        self.error = None
        if self.asked >= len(self.questions):
            self._work_out()

    def _work_out(self) -> None:
        assert self.calculator is not None
        try:
            self.result = work_out(self.calculator, self.answers)
        except CalcInputError as exc:
            # Back to the question the figure came from, with the reason shown there.
            keys = [q.key for q in self.questions]
            self.asked = keys.index(exc.field) if exc.field in keys else 0
            self._restore_typed()
            self.error = exc

    # -- going back ---------------------------------------------------------------------------
    def back(self) -> bool:
        """One step back; False when there is no step left (the screen is left)."""
        if self.calculator is None:
            return False
        self.error = None
        if self.result is not None:
            self.result = None
            self.asked = max(0, len(self.questions) - 1)
        elif self.asked > 0:
            self.asked -= 1
        else:
            self.wipe()
            return True
        self._restore_typed()
        return True

    def _restore_typed(self) -> None:
        """Show the answer given before to the question we came back to, to change or keep."""
        question = self.question
        value = self.answers.get(question.key) if question is not None else None
        if question is None or value is None or question.kind == CHOICE:
            self.typed = ""
        elif question.kind == DATE:
            self.typed = value.replace("-", "")
        else:
            self.typed = value.split(".")[0]

    def again(self) -> None:
        """Work out another figure: back to choosing a calculator."""
        self.wipe()

    def wipe(self) -> None:
        self.calculator = None
        self.answers = {}
        self.asked = 0
        self.typed = ""
        self.result = None
        self.error = None
