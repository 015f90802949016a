"""The terminal's command line, ``legal-kiosk`` (also ``python -m kiosk``).

Each command lives in its own module under :mod:`kiosk.commands` and is found by name, so a new
command is one new file. A command module defines ``NAME``, ``HELP``, ``add_arguments(parser)``
and ``run(args, config) -> int``. Every command takes ``--data DIR`` and ``--config FILE``, before
or after the command name (``--data DIR`` alone reads ``DIR/kiosk.toml``); the configuration is loaded and validated before the command runs, and a :class:`ConfigError` stops
with a message naming the key and the file (exit code 2).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from contract.commands import discover_commands, registered_commands
from kiosk import commands
from kiosk.config import load_config
from kiosk.errors import ConfigError, KioskError

logger = logging.getLogger(__name__)


UI_COMMANDS_GROUP = "legal_kiosk.commands"


def command_modules() -> dict:
    """All ``legal-kiosk`` command modules by command name, in name order.

    The core's own commands live in :mod:`kiosk.commands`; the ones that start the UI (``run``,
    ``screenshot``) are registered by ``screens`` under the ``legal_kiosk.commands`` entry points,
    so this module never imports the UI.
    """
    found = {**discover_commands(commands), **registered_commands(UI_COMMANDS_GROUP)}
    return dict(sorted(found.items()))


def global_options() -> argparse.ArgumentParser:
    """``--data``, ``--config`` and ``-v``: accepted before the command and after it.

    Their defaults are suppressed so a value given on one side is never overwritten by the
    other side's default (``legal-kiosk --data X sync`` and ``legal-kiosk sync --data X``).
    """
    options = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    options.add_argument("-v", "--verbose", action="store_true", help="log more")
    options.add_argument(
        "--data",
        metavar="DIR",
        help="data folder (default: config, LEGAL_KIOSK_DATA, offline_cache/)",
    )
    options.add_argument(
        "--config",
        metavar="FILE",
        help="config file (default: LEGAL_KIOSK_CONFIG or DATA/kiosk.toml)",
    )
    return options


def build_parser() -> argparse.ArgumentParser:
    options = global_options()
    parser = argparse.ArgumentParser(
        prog="legal-kiosk", description="Public legal-service terminal", parents=[options]
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, module in command_modules().items():
        command = sub.add_parser(name, help=module.HELP, description=module.HELP, parents=[options])
        module.add_arguments(command)
        command.set_defaults(module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for name, default in (("verbose", False), ("data", None), ("config", None)):
        if not hasattr(args, name):
            setattr(args, name, default)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        config = load_config(args.config, data_dir=args.data)
    except ConfigError as exc:
        print(f"legal-kiosk: configuration error: {exc}", file=sys.stderr)
        return 2
    try:
        return int(args.module.run(args, config) or 0)
    except KioskError as exc:
        print(f"legal-kiosk {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`legal-kiosk search … | head`): not an error of ours.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
