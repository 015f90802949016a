"""``POST /events``: a batch of outbox events, de-duplicated by (terminal, event id)."""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, HTTPException
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from hub.api.deps import CurrentTerminal, HubDep
from hub.api.schemas import EventsIn, EventsOut
from hub.core.db import writing
from hub.models.tables import events
from hub.models.types import utcnow

router = APIRouter(tags=["terminal"])


@router.post("/events", response_model=EventsOut)
def ingest(body: EventsIn, terminal: CurrentTerminal, hub: HubDep) -> EventsOut:
    """Store new events; answer which ids were new and which the hub already had."""
    limit = hub.settings.max_events_per_batch
    if len(body.events) > limit:
        raise HTTPException(422, f"events: at most {limit} per batch")
    now = utcnow()
    ids = [str(event.id) for event in body.events]
    rows = {}
    for event, event_id in zip(body.events, ids, strict=True):
        rows.setdefault(
            event_id,
            {
                "terminal_id": terminal.terminal_id,
                "event_id": event_id,
                "type": event.type,
                "at": event.at,
                "props": event.props,
                "received_at": now,
            },
        )
    with writing(hub.engine) as conn:
        stored = _insert_new(conn, list(rows.values()))
    accepted: list[str] = []
    duplicates: list[str] = []
    for event_id in ids:  # an id repeated within the batch is new once, then a duplicate
        if event_id in stored:
            accepted.append(event_id)
            stored.discard(event_id)
        else:
            duplicates.append(event_id)
    return EventsOut(accepted=accepted, duplicates=duplicates)


def _insert_new(conn, rows: list[dict]) -> set[str]:
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
