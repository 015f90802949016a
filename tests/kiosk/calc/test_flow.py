"""The calculators' questions one at a time, as the screen drives them (no window)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from contract.i18n import LANGUAGES, Translator
from kiosk.calc.answers import CALCULATORS, work_out
from kiosk.calc.errors import CalcInputError
from kiosk.calc.flow import CalcFlow, date_parts, grouped
from kiosk.calc.presentation import (
    basis_text,
    error_text,
    figure_text,
    take_home_lines,
    working_lines,
)
from kiosk.calc.questions import CHOICE, QUESTIONS

ZH = Translator("zh_CN")


def type_in(flow: CalcFlow, digits: str) -> None:
    for digit in digits:
        flow.type_digit(digit)


def test_a_property_case_asks_the_amount_and_gives_the_bracket_fee():
    flow = CalcFlow()
    flow.start("court-fee")
    assert flow.question.key == "case" and flow.progress() == (1, 2)
    flow.choose("property")
    assert flow.question.key == "amount" and not flow.question.optional
    assert flow.progress() == (2, 3)  # the amount is asked of a property case only
    assert not flow.can_go_on()
    type_in(flow, "100000")
    assert flow.next()
    assert flow.question.key == "procedure" and flow.progress() == (3, 3)
    flow.choose("ordinary")
    # 50 for the first 10,000, 2.5 % of the next 90,000 = 2,250: 2,300 yuan
    assert flow.result.figures["fee"] == Decimal("2300.00")
    assert figure_text(ZH, flow.result) == "约 2,300 元"


def test_a_labour_case_is_not_asked_an_amount():
    flow = CalcFlow()
    flow.start("court-fee")
    flow.choose("labor")
    assert flow.question.key == "procedure"
    flow.choose("simple")
    assert flow.result.figures["fee"] == Decimal("5.00")  # 10 yuan, halved


def test_divorce_may_skip_the_property_and_shows_a_range():
    flow = CalcFlow()
    flow.start("court-fee")
    flow.choose("divorce")
    assert flow.question.optional and flow.question.prompt_key == "calc.q.amount_divorce"
    flow.skip()
    flow.choose("ordinary")
    assert figure_text(ZH, flow.result) == "约 50 元至 300 元"


def test_changing_the_case_drops_the_amount_it_no_longer_needs():
    flow = CalcFlow()
    flow.start("court-fee")
    flow.choose("property")
    type_in(flow, "5000")
    flow.next()
    assert flow.back() and flow.question.key == "amount" and flow.typed == "5000"
    assert flow.back() and flow.question.key == "case"
    flow.choose("labor")
    assert "amount" not in flow.answers
    assert flow.question.key == "procedure"


def test_severance_by_dates_typed_on_the_pad():
    flow = CalcFlow()
    flow.start("severance")
    type_in(flow, "6000")
    assert flow.next()
    type_in(flow, "2020010")
    assert not flow.can_go_on()  # seven of eight digits
    assert date_parts(flow.typed) == ("2020", "01", "0_")
    flow.type_digit("1")
    assert flow.pad_full()
    flow.type_digit("9")  # a full pad takes no more
    assert flow.typed == "20200101"
    assert flow.next()
    type_in(flow, "20230701")
    assert flow.next()
    flow.choose("yes")
    assert flow.question.key == "local_average_wage" and flow.question.optional
    flow.skip()
    # 3 years 6 months: 4 months of wage, doubled for an unlawful dismissal
    assert flow.result.figures["amount"] == Decimal("48000.00")
    lines = take_home_lines(ZH, flow.result)
    assert (
        basis_text(ZH, flow.result)
        == "依据：《劳动合同法》第47条、第87条；《劳动合同法实施条例》第25条"
    )
    assert lines[0] == ZH("calc.notice.estimate") and "12348" in lines[0]
    assert lines[1:] == working_lines(ZH, flow.result)
    assert lines[-1] == basis_text(ZH, flow.result)


@pytest.mark.parametrize("digits", ["20231301", "20230230", "00000000", "99991231"])
def test_an_impossible_or_out_of_range_date_is_said_and_kept_to_correct(digits):
    flow = CalcFlow()
    flow.start("severance")
    type_in(flow, "6000")
    flow.next()
    type_in(flow, digits)
    if flow.next():  # a real date; the range is checked when the figure is worked out
        type_in(flow, "20240101")
        flow.next()
        flow.choose("no")
        flow.skip()
        assert flow.result is None and flow.question.key in ("start", "end")
    else:
        assert flow.question.key == "start" and flow.typed == digits
    assert flow.error is not None
    assert "{" not in error_text(ZH, flow.error)


def test_end_before_start_goes_back_to_the_date_with_the_reason():
    flow = CalcFlow()
    flow.start("severance")
    for digits in ("6000", "20240101", "20200101"):
        type_in(flow, digits)
        flow.next()
    flow.choose("no")
    flow.skip()
    assert flow.result is None
    assert flow.question.key in ("start", "end") and flow.error.reason == "dates_order"
    assert flow.typed in ("20240101", "20200101")


def test_work_injury_grade_and_wage():
    flow = CalcFlow()
    flow.start("work-injury")
    assert flow.question.kind == CHOICE and flow.question.choices[0] == "1"
    flow.choose("7")
    type_in(flow, "5000")
    flow.next()
    type_in(flow, "4000")  # local average: 3x is 12,000, the wage counts as it is
    flow.next()
    assert flow.result.figures["amount"] == Decimal("65000.00")  # 13 months


def test_the_pad_refuses_what_is_not_a_digit_and_leading_zeros():
    flow = CalcFlow()
    flow.start("severance")
    for key in ("0", "٣", "a", "12", "", "５"):
        flow.type_digit(key)
    assert flow.typed == ""
    type_in(flow, "9" * 20)
    assert flow.typed == "9" * 12  # the calculators' bound


def test_back_from_the_first_question_leaves_the_calculator_and_wipe_forgets_all():
    flow = CalcFlow()
    flow.start("severance")
    type_in(flow, "8000")
    flow.next()
    type_in(flow, "2019")
    flow.wipe()
    assert (flow.calculator, flow.answers, flow.typed, flow.asked) == (None, {}, "", 0)
    flow.start("work-injury")
    assert flow.back() and flow.calculator is None
    assert not flow.back()  # nothing left: the screen itself is left


def test_choices_of_another_question_are_refused():
    flow = CalcFlow()
    flow.start("court-fee")
    with pytest.raises(ValueError):
        flow.choose("ordinary")


def test_grouped_digits():
    assert grouped("") == "" and grouped("1234567") == "1,234,567"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_question_choice_and_figure_has_words_in_both_catalogs(language):
    tr = Translator(language)
    keys = {"calc.title", "calc.choose", "calc.choose_hint", "calc.figure", "calc.figure_range"}
    for calculator, questions in QUESTIONS.items():
        keys |= {f"calc.name.{calculator}", f"calc.about.{calculator}"}
        for question in questions:
            keys |= {question.prompt_key, question.hint_key, f"calc.field.{question.key}"}
            keys |= {question.choice_key(value) for value in question.choices}
    missing = sorted(key for key in keys if not tr.has(key))
    assert missing == []
    assert set(QUESTIONS) == set(CALCULATORS)


def test_work_out_names_a_missing_figure():
    with pytest.raises(CalcInputError) as caught:
        work_out("severance", {"monthly_wage": "6000", "start": "2020-01-01"})
    assert caught.value.field == "end" and caught.value.reason == "required"
