"""``legal-kiosk calc``: the calculators of :mod:`kiosk.calc` from the command line.

``calc court-fee (--amount YUAN | --case KIND [--amount YUAN]) [--procedure P]``,
``calc severance --monthly-wage W --start D --end D [--unlawful] [--local-average-wage A]`` and
``calc work-injury --grade N --monthly-wage W [--local-average-wage A]``. ``--json`` prints the
figures, the steps as sentences in the terminal's language, the articles and the estimate notice;
bad input exits 2 with a sentence naming the figure.
"""

from __future__ import annotations

import sys

from contract.i18n import Translator
from kiosk.calc import CASE_KINDS, PROCEDURES, CalcInputError
from kiosk.calc.answers import NO, YES, work_out
from kiosk.calc.presentation import error_text
from kiosk.commands._output import print_json

NAME = "calc"
HELP = "court fees, severance and the disability benefit, with the working and the articles"


def add_arguments(parser) -> None:
    from kiosk.cli import global_options  # the same --data/--config/-v after the calculator

    calculators = parser.add_subparsers(dest="calculator", metavar="CALCULATOR")
    calculators.required = True
    options = [global_options()]
    fee = calculators.add_parser(
        "court-fee", help="a case's acceptance fee (诉讼费用交纳办法)", parents=options
    )
    fee.add_argument("--amount", help="amount claimed, yuan (property cases; or with --case)")
    fee.add_argument("--case", choices=sorted(CASE_KINDS), help="a case without a property claim")
    fee.add_argument("--procedure", choices=PROCEDURES, default="ordinary")
    pay = calculators.add_parser(
        "severance", help="severance, or damages for unlawful dismissal", parents=options
    )
    pay.add_argument("--monthly-wage", required=True, help="average of the last 12 months, yuan")
    pay.add_argument("--start", required=True, help="first day of work, YYYY-MM-DD")
    pay.add_argument("--end", required=True, help="last day of work, YYYY-MM-DD")
    pay.add_argument("--unlawful", action="store_true", help="the dismissal was unlawful")
    pay.add_argument("--local-average-wage", help="local average monthly wage of last year, yuan")
    injury = calculators.add_parser(
        "work-injury", help="one-off disability benefit by grade", parents=options
    )
    injury.add_argument("--grade", required=True, help="disability grade, 1 (heaviest) to 10")
    injury.add_argument(
        "--monthly-wage", required=True, help="average of the 12 months before, yuan"
    )
    injury.add_argument("--local-average-wage", help="local average monthly wage, yuan")
    for sub in (fee, pay, injury):
        sub.add_argument("--json", action="store_true", help="print JSON")


def calculate(args):
    """The :class:`~kiosk.calc.Calculation` the parsed arguments ask for."""
    answers = {
        "amount": args.amount if args.calculator == "court-fee" else None,
        "case": getattr(args, "case", None),
        "procedure": getattr(args, "procedure", None),
        "monthly_wage": getattr(args, "monthly_wage", None),
        "local_average_wage": getattr(args, "local_average_wage", None),
        "start": getattr(args, "start", None),
        "end": getattr(args, "end", None),
        "unlawful": YES if getattr(args, "unlawful", False) else NO,
        "grade": getattr(args, "grade", None),
    }
    return work_out(args.calculator, answers)


def run(args, config) -> int:
    t = Translator(config.ui.language)
    try:
        result = calculate(args)
    except CalcInputError as exc:
        print(f"legal-kiosk {NAME}: {error_text(t, exc)}", file=sys.stderr)
        return 2
    answer = result.as_json(t)
    if args.json:
        print_json(answer)
        return 0
    for line in answer["steps"]:
        print(line)
    print(answer["notice"])
    return 0
