"""``legal-hub create-user NAME --role R``: add a staff user; the password is asked or read from stdin."""

from __future__ import annotations

import getpass
import sys

from hub.cli import CommandError
from hub.commands._common import open_database, print_json_line
from hub.core.db import writing
from hub.crud.users import UserError, create_user
from hub.models.tables import ROLES

NAME = "create-user"
HELP = "create a staff user (password asked on a terminal, else read from the first line of stdin)"


def add_arguments(parser) -> None:
    parser.add_argument("name", metavar="NAME", help="login name")
    parser.add_argument("--role", required=True, choices=ROLES, help="what the user may do")
    parser.add_argument("--display-name", default="", help="name shown in the admin")
    parser.add_argument("--adviser-id", default=None, help="for --role adviser: the adviser record")


def _password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            raise CommandError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def run(args, settings) -> int:
    engine = open_database(settings)
    password = _password()
    try:
        with writing(engine) as conn:
            user_id = create_user(
                conn,
                username=args.name,
                password=password,
                role=args.role,
                display_name=args.display_name,
                adviser_id=args.adviser_id,
            )
    except UserError as exc:
        raise CommandError(str(exc)) from None
    print_json_line({"user": args.name, "role": args.role, "id": user_id})
    return 0
