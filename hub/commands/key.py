"""``legal-hub key status|announce|switch|forget-previous``: rotate the content signing key.

See :mod:`hub.core.key_rotation` for the steps. Each prints one JSON line:

- ``status`` → ``{"current", "next", "previous"}`` (each ``{"key_id", "public_key"}`` or
  ``null``) and ``"lagging"``: the enrolled terminals that have not pinned the next key yet;
- ``announce`` → ``{"created", "next"}``;
- ``switch [--force]`` → ``{"current": KEY_ID, "forced", "lagging"}``; refused (exit 1) while
  terminals have not pinned the next key, unless ``--force``;
- ``forget-previous`` → ``{"forgotten": KEY_ID or null}``.

Running hub processes pick the change up within a second; no restart.
"""

from __future__ import annotations

import logging

from hub.cli import CommandError
from hub.commands._common import open_database, print_json_line
from hub.core import key_rotation
from hub.core.db import reading

NAME = "key"
HELP = "rotate the content signing key: status, announce, switch, forget-previous"

logger = logging.getLogger(__name__)


def add_arguments(parser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    actions.add_parser("status", help="the keys and which terminals lag behind")
    actions.add_parser("announce", help="create the next key; terminals pin it as they poll")
    switch = actions.add_parser("switch", help="sign with the announced key from now on")
    switch.add_argument(
        "--force", action="store_true", help="switch although terminals have not pinned it"
    )
    actions.add_parser("forget-previous", help="delete the key before the last switch")


def _lagging(settings) -> list[dict]:
    keys = key_rotation.status(settings)
    if keys["next"] is None:
        return []
    engine = open_database(settings)
    try:
        with reading(engine) as conn:
            found = key_rotation.lagging_terminals(conn, keys["next"]["key_id"])
    finally:
        engine.dispose()
    return [vars(item) for item in found]


def run(args, settings) -> int:
    try:
        if args.action == "status":
            print_json_line({**key_rotation.status(settings), "lagging": _lagging(settings)})
        elif args.action == "announce":
            created = key_rotation.announce(settings)
            print_json_line({"created": created, "next": key_rotation.status(settings)["next"]})
            logger.info("next key %s announced", "created and" if created else "already")
        elif args.action == "switch":
            lagging = _lagging(settings)
            rows = [key_rotation.Lagging(**item) for item in lagging]
            current = key_rotation.switch(settings, rows, force=args.force)
            logger.warning("signing key switched to %s", current)
            print_json_line({"current": current, "forced": bool(lagging), "lagging": lagging})
        else:
            print_json_line({"forgotten": key_rotation.forget_previous(settings)})
    except FileNotFoundError:
        raise CommandError(
            f"no signing key at {settings.signing_key_path}: run `legal-hub init`"
        ) from None
    except key_rotation.RotationError as exc:
        raise CommandError(str(exc)) from None
    return 0
