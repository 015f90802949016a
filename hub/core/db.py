"""Database engine for the hub: SQLite file by default, PostgreSQL by ``HUB_DATABASE_URL``.

Use :func:`make_engine` once per process (``create_app`` does) and short transactions:
``with writing(engine) as conn: ...`` for writes, ``with reading(engine) as conn: ...`` for reads. Schema: :mod:`hub.models.tables`;
migrations: :func:`hub.core.migrate.upgrade` (run by ``legal-hub init``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine, event

from hub.core.config import HubSettings
from hub.models.tables import metadata

logger = logging.getLogger(__name__)

__all__ = ["make_engine", "metadata", "is_sqlite", "reading", "writing"]

SQLITE_BUSY_TIMEOUT_MS = 15_000
READ_ONLY_OPTION = "hub_read_only"


def make_engine(settings: HubSettings, **kwargs: object) -> Engine:
    """Create the engine for ``settings``; SQLite gets WAL, foreign keys and a busy timeout."""
    url = settings.sqlalchemy_url
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            **kwargs,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # pysqlite's own transaction handling is switched off so BEGIN IMMEDIATE below is honoured:
    # writers then queue on the busy timeout instead of failing with "database is locked".
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin_immediate(conn) -> None:
    if conn.get_execution_options().get(READ_ONLY_OPTION):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for reads only: on SQLite a deferred transaction, so readers never queue."""
    with engine.connect() as conn:
        conn = conn.execution_options(**{READ_ONLY_OPTION: True})
        yield conn
        conn.rollback()


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction (``BEGIN IMMEDIATE`` on SQLite): committed on success."""
    with engine.begin() as conn:
        yield conn
