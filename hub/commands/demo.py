"""``legal-hub demo``: demo content, one terminal per demo place with an enrollment code, staff users.

Prints JSON lines: ``{"terminal": name, "code": c}`` per terminal, then
``{"user": u, "role": r, "password": p}`` per staff user (passwords are new on every run).
"""

from __future__ import annotations

from hub.cli import CommandError
from hub.commands._common import open_database, print_json_line
from hub.core.db import writing
from hub.crud.demo import load_demo_module, seed_demo
from hub.crud.publish import PublishError

NAME = "demo"
HELP = "load the demo content, demo terminals (enrollment codes) and staff users, then publish"


def add_arguments(parser) -> None:
    parser.add_argument(
        "--content-module",
        default="contract.demo",
        help="module with load_demo_content() and DEMO_TERMINALS (default contract.demo)",
    )


def run(args, settings) -> int:
    try:
        module = load_demo_module(args.content_module)
    except ImportError as exc:
        raise CommandError(f"cannot load demo content from {args.content_module}: {exc}") from None
    engine = open_database(settings)
    try:
        with writing(engine) as conn:
            result = seed_demo(conn, module, zone=settings.zone)
    except PublishError as exc:
        raise CommandError(f"demo content does not publish: {exc}") from None
    for name, code in result.codes.items():
        print_json_line({"terminal": name, "code": code})
    for user, (role, password) in result.passwords.items():
        print_json_line({"user": user, "role": role, "password": password})
    return 0
