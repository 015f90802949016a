"""Helpers shared by commands: open the database at the current schema, print JSON lines."""

from __future__ import annotations

import json
import sys

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from hub.cli import CommandError
from hub.core.config import HubSettings
from hub.core.db import make_engine
from hub.core.migrate import current_revision, head_revision


def open_database(settings: HubSettings) -> Engine:
    """The engine, or :class:`CommandError` when the database is missing or not migrated."""
    engine = make_engine(settings)
    try:
        revision = current_revision(engine)
    except OperationalError as exc:
        raise CommandError(f"cannot open the database: {exc.orig}") from None
    if revision != head_revision():
        raise CommandError(
            "the database is not initialised or is out of date: run `legal-hub init`"
        )
    return engine


def print_json_line(value: dict) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")
    sys.stdout.flush()
