"""Run the hub's Alembic migrations from Python (``legal-hub init`` and tests).

To add a migration after changing :mod:`hub.models.tables`::

    python -m hub make-migration "what changed"   # autogenerate into hub/migrations/versions

then read and fix the generated file (partial indexes and server defaults need a look).
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Bring the database to ``revision``; returns the revision it is at afterwards."""
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
    return current_revision(engine)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def make_migration(engine: Engine, message: str) -> None:
    """Autogenerate a migration comparing the database at head with :mod:`hub.models.tables`."""
    with engine.begin() as conn:
        command.revision(alembic_config(conn), message=message, autogenerate=True)
