"""Throw-away PostgreSQL databases for tests: one per run (or per test), dropped afterwards.

The server is ``HUB_TEST_PG_URL`` (default ``postgresql+psycopg://postgres:postgres@127.0.0.1:5432/postgres``,
what ``make test`` prepares). :func:`server_problem` says why no server can be used, for a skip reason.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres:postgres@127.0.0.1:5432/postgres"


def admin_url() -> str:
    return os.environ.get("HUB_TEST_PG_URL", DEFAULT_ADMIN_URL)


def server_problem() -> str | None:
    """None when the server answers, else the reason (for ``pytest.skip``)."""
    engine = create_engine(admin_url(), connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        return f"no PostgreSQL server reachable at {make_url(admin_url()).render_as_string()}: {exc.orig}"
    finally:
        engine.dispose()
    return None


def _admin_exec(sql: str) -> None:
    engine = create_engine(admin_url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def create_database(template: str | None = None) -> str:
    """Create a database with a random name (optionally from ``template``); returns its URL."""
    name = "hubtest_" + secrets.token_hex(6)
    _admin_exec(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return make_url(admin_url()).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    _admin_exec(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


@contextmanager
def temp_database(template: str | None = None) -> Iterator[str]:
    url = create_database(template)
    try:
        yield url
    finally:
        drop_database(url)
