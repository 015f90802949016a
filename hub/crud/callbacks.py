"""Callback requests: a resident asked a terminal to be called back while the hub was unreachable.

They arrive through the terminal's outbox (``POST /api/v1/callbacks``), de-duplicated by
(terminal, request id), so each request is stored exactly once however often it is delivered.
Like bookings, they hold a name and phone number: staff see them masked in lists, and
:func:`purge_callbacks` forgets them ``retention_days`` after they were handled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, RowMapping, and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from hub.models.tables import advisers, callback_requests, terminals


@dataclass(frozen=True)
class NewCallback:
    terminal_id: str
    request_id: str
    adviser_id: str | None
    name: str
    phone: str
    topic: str
    requested_at: datetime


def store_callback(conn: Connection, new: NewCallback, *, now: datetime) -> bool:
    """Store a request once; ``True`` when new, ``False`` when this terminal already sent it."""
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    statement = (
        dialect_insert(callback_requests)
        .values(
            terminal_id=new.terminal_id,
            request_id=new.request_id,
            adviser_id=new.adviser_id,
            resident_name=new.name,
            resident_phone=new.phone,
            topic=new.topic,
            requested_at=new.requested_at,
            received_at=now,
            status="open",
        )
        .on_conflict_do_nothing(index_elements=["terminal_id", "request_id"])
        .returning(callback_requests.c.id)
    )
    return conn.execute(statement).first() is not None


def open_callbacks(conn: Connection) -> list[dict]:
    """Requests staff still have to answer, oldest first."""
    rows = conn.execute(
        select(callback_requests)
        .where(callback_requests.c.status == "open")
        .order_by(callback_requests.c.received_at)
    ).mappings()
    return [dict(row) for row in rows]


def addressed_to(adviser_id: str):
    """Requests for this adviser: named them, or named nobody on a terminal they are assigned to
    (the condition needs ``terminals`` joined)."""
    return or_(
        callback_requests.c.adviser_id == adviser_id,
        and_(callback_requests.c.adviser_id.is_(None), terminals.c.adviser_id == adviser_id),
    )


def _scoped(query, adviser_id: str | None):
    return query if adviser_id is None else query.where(addressed_to(adviser_id))


def mark_done(
    conn: Connection, *, callback_id: int, now: datetime, adviser_id: str | None = None
) -> bool:
    """Mark an open request done; with ``adviser_id`` only one addressed to that adviser."""
    if callback_named(conn, callback_id=callback_id, adviser_id=adviser_id) is None:
        return False
    done = conn.execute(
        update(callback_requests)
        .where(callback_requests.c.id == callback_id, callback_requests.c.status == "open")
        .values(status="done", handled_at=now)
    ).rowcount
    return bool(done)


def purge_callbacks(conn: Connection, *, retention_days: int, now: datetime) -> int:
    """Forget names and phones of requests handled ``retention_days`` ago."""
    cutoff = now - timedelta(days=retention_days)
    return conn.execute(
        update(callback_requests)
        .where(
            callback_requests.c.status == "done",
            callback_requests.c.handled_at < cutoff,
            callback_requests.c.purged_at.is_(None),
        )
        .values(resident_name=None, resident_phone=None, purged_at=now)
    ).rowcount


def _named_query():
    return select(
        callback_requests, terminals.c.name.label("terminal"), advisers.c.name.label("adviser")
    ).select_from(
        callback_requests.outerjoin(
            terminals, terminals.c.id == callback_requests.c.terminal_id
        ).outerjoin(advisers, advisers.c.id == callback_requests.c.adviser_id)
    )


def open_callbacks_named(conn: Connection, *, adviser_id: str | None = None) -> list[RowMapping]:
    """Like :func:`open_callbacks`, with the terminal's and the adviser's names (the admin list);
    with ``adviser_id`` only the requests addressed to that adviser (:func:`addressed_to`)."""
    query = _scoped(_named_query(), adviser_id).where(callback_requests.c.status == "open")
    return list(conn.execute(query.order_by(callback_requests.c.received_at)).mappings().all())


def callback_named(
    conn: Connection, *, callback_id: int, adviser_id: str | None = None
) -> RowMapping | None:
    """One open request (with names), or None; with ``adviser_id`` only one addressed to them."""
    query = _scoped(_named_query(), adviser_id).where(
        callback_requests.c.id == callback_id, callback_requests.c.status == "open"
    )
    return conn.execute(query).mappings().first()


def mask_phone(phone: str | None) -> str:
    """13900004455 → ****4455 (as ``/admin/my`` shows bookings); empty for a purged number."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    return "****" + digits[-4:] if digits else ""
