"""``legal-hub terminal-command TERMINAL_NAME sync|doctor|screenshot|restart [--json]`` sends a
command to a terminal (it runs with the terminal's next heartbeat); ``legal-hub terminal-command
--list TERMINAL_NAME [--json]`` shows the terminal's latest commands and their results.

Commands sent here are logged and kept as sent by ``cli``.
"""

from __future__ import annotations

import json
from datetime import timedelta

from contract.terminal_commands import COMMANDS
from hub.cli import CommandError
from hub.commands._common import open_database, print_json_line
from hub.core.db import writing
from hub.crud.terminal_commands import (
    CommandRefused,
    command_list,
    expire_commands,
    new_command,
    recent_commands,
)
from hub.crud.terminals import terminal_by_name
from hub.models.types import utcnow

NAME = "terminal-command"
HELP = "send sync, doctor, screenshot or restart to a terminal (or --list its commands)"
LIST_LIMIT = 20


def add_arguments(parser) -> None:
    parser.add_argument("terminal", metavar="TERMINAL_NAME", help="the terminal's name")
    parser.add_argument(
        "remote", nargs="?", metavar="COMMAND", help="one of " + ", ".join(COMMANDS)
    )
    parser.add_argument("--list", action="store_true", help="show the terminal's latest commands")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args, settings) -> int:
    if args.list == bool(args.remote):
        raise CommandError(
            "name a command (" + ", ".join(COMMANDS) + ") or give --list, not both or neither"
        )
    engine = open_database(settings)
    with writing(engine) as conn:
        terminal = terminal_by_name(conn, args.terminal)
        if terminal is None:
            raise CommandError(f"no terminal is called {args.terminal!r}")
        if args.list:
            expire_commands(
                conn,
                now=utcnow(),
                after=timedelta(minutes=settings.command_expire_minutes),
                terminal_id=terminal["id"],
            )
            shown = {
                "commands": command_list(
                    recent_commands(conn, terminal_id=terminal["id"], limit=LIST_LIMIT)
                )
            }
        else:
            try:
                sent = new_command(
                    conn, terminal_id=terminal["id"], command=args.remote, sent_by="cli"
                )
            except CommandRefused as exc:
                raise CommandError(str(exc)) from None
            shown = {"id": sent["id"], "terminal": args.terminal, **sent}
    if args.json:
        print_json_line(shown)
    elif args.list:
        for item in shown["commands"]:
            result = json.dumps(item.get("result", {}), ensure_ascii=False)[:200]
            print(f"{item['id']}  {item['command']:<10}  {item['state']:<7}  {result}")
    else:
        print(f"{shown['command']} queued for {args.terminal} as {shown['id']} (state pending)")
    return 0
