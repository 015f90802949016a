"""``legal-hub enroll-code TERMINAL_NAME``: a one-time enrollment code (creates the terminal if new)."""

from __future__ import annotations

from hub.cli import CommandError
from hub.commands._common import open_database, print_json_line
from hub.core.db import writing
from hub.crud.terminals import ENROLL_CODE_HOURS, ensure_terminal, new_enrollment_code

NAME = "enroll-code"
HELP = "print a one-time enrollment code for a terminal as a JSON line (the terminal is created if new)"


def add_arguments(parser) -> None:
    parser.add_argument("terminal", metavar="TERMINAL_NAME", help="the terminal's name")
    parser.add_argument(
        "--hours",
        type=int,
        default=ENROLL_CODE_HOURS,
        help=f"how long the code works (default {ENROLL_CODE_HOURS})",
    )


def run(args, settings) -> int:
    if args.hours <= 0:
        raise CommandError("--hours must be positive")
    engine = open_database(settings)
    try:
        with writing(engine) as conn:
            terminal_id = ensure_terminal(conn, name=args.terminal)
            code = new_enrollment_code(
                conn, terminal_id=terminal_id, hours=args.hours, issued_by="cli"
            )
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    print_json_line({"terminal": args.terminal, "code": code})
    return 0
