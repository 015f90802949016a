"""The hub's command line, ``legal-hub`` (also ``python -m hub``).

Each command is a module in :mod:`hub.commands` defining ``NAME``, ``HELP``,
``add_arguments(parser)`` and ``run(args, settings) -> int``. Settings come from the environment
(``HUB_DATA``, ``HUB_DATABASE_URL``, ``HUB_*``); ``--data DIR`` overrides ``HUB_DATA``.
Output meant for scripts is JSON lines on stdout; messages go to stderr.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from contract.commands import discover_commands
from hub import commands
from hub.core.config import HubSettings, SettingsError

logger = logging.getLogger(__name__)


class CommandError(Exception):
    """A command cannot do what was asked; the message tells the operator why (exit code 1)."""


def command_modules() -> dict:
    """All ``legal-hub`` command modules by command name, in name order."""
    return discover_commands(commands)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="legal-hub", description="Legal-service hub server")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, module in command_modules().items():
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        command.add_argument(
            "--data", metavar="DIR", help="data folder (default: HUB_DATA, ./hub_data)"
        )
        module.add_arguments(command)
        command.set_defaults(module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not args.verbose:
        logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        overrides = {"data_dir": args.data} if args.data else {}
        settings = HubSettings.from_env(**overrides)
    except SettingsError as exc:
        print(f"legal-hub: configuration error: {exc}", file=sys.stderr)
        return 2
    try:
        return int(args.module.run(args, settings) or 0)
    except CommandError as exc:
        print(f"legal-hub {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
