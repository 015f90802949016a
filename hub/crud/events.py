"""Usage events from terminals: stored once per (terminal, event id), whatever the retries."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Connection, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from hub.models.tables import events


def store_new_events(conn: Connection, *, rows: list[dict]) -> set[str]:
    """Insert, skipping ids already stored (or stored meanwhile); returns the ids really inserted."""
    if conn.dialect.name == "sqlite":
        return _insert_new_sqlite(conn, rows)
    statement = (
        pg_insert(events)
        .on_conflict_do_nothing(index_elements=["terminal_id", "event_id"])
        .returning(events.c.event_id)
    )
    return {row.event_id for row in conn.execute(statement, rows)}


def _insert_new_sqlite(conn, rows: list[dict]) -> set[str]:
    """SQLite: the write transaction (BEGIN IMMEDIATE) shuts out every other writer, so one
    SELECT of the ids already held and one ``executemany`` of the rest are exact — and much
    cheaper than a multi-row INSERT … RETURNING compiled afresh for every batch."""
    held = set(
        conn.execute(
            select(events.c.event_id).where(
                events.c.terminal_id == rows[0]["terminal_id"],
                events.c.event_id.in_([row["event_id"] for row in rows]),
            )
        ).scalars()
    )
    fresh = [row for row in rows if row["event_id"] not in held]
    if fresh:
        processors = _bind_processors(conn.dialect)
        conn.exec_driver_sql(
            _sqlite_insert_sql(), [_sqlite_params(processors, row) for row in fresh]
        )
    return {row["event_id"] for row in fresh}


_COLUMNS = ("terminal_id", "event_id", "type", "at", "props", "received_at")


@lru_cache(maxsize=1)
def _sqlite_insert_sql() -> str:
    return f"INSERT INTO events ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"


def _sqlite_params(processors: dict, row: dict) -> tuple:
    """The row's values as SQLAlchemy would bind them (its own type processors: same text)."""
    return tuple(
        processors[name](row[name]) if processors[name] else row[name] for name in _COLUMNS
    )


@lru_cache(maxsize=4)
def _bind_processors(dialect) -> dict:
    return {name: events.c[name].type.bind_processor(dialect) for name in _COLUMNS}
