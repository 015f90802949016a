"""What the adviser console reads and writes: the adviser's bookings and calls, outcomes and notes."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from sqlalchemy import Connection, select, update

from hub.core.clock import day_start, local_day
from hub.models.tables import CALL_OUTCOMES, bookings, calls, terminals
from hub.video import rooms
from hub.video.rooms import Windows

UPCOMING_DAYS = 14
NOTE_MAX_CHARS = 2000


def today_start(now: datetime, zone: tzinfo) -> datetime:
    """Midnight at the start of ``now``'s day in ``zone``."""
    return day_start(local_day(now, zone), zone)


def adviser_bookings(conn: Connection, *, adviser_id: str, now: datetime, zone: tzinfo) -> list:
    """Today's (in ``zone``) and the next ``UPCOMING_DAYS`` days' bookings that are not cancelled."""
    first = today_start(now, zone)
    query = (
        select(
            bookings,
            calls.c.id.label("call_id"),
            calls.c.started_at,
            calls.c.ended_at,
            calls.c.outcome,
            calls.c.note,
            terminals.c.name.label("terminal_name"),
        )
        .select_from(
            bookings.outerjoin(calls, calls.c.booking_id == bookings.c.id).outerjoin(
                terminals, terminals.c.id == bookings.c.terminal_id
            )
        )
        .where(
            bookings.c.adviser_id == adviser_id,
            bookings.c.status != "cancelled",
            bookings.c.start >= first,
            bookings.c.start < first + timedelta(days=UPCOMING_DAYS + 1),
        )
        .order_by(bookings.c.start)
    )
    return list(conn.execute(query).mappings().all())


def adviser_now_calls(conn: Connection, *, adviser_id: str, now: datetime, zone: tzinfo) -> list:
    """Today's (in ``zone``) "call now" rooms of this adviser, newest first."""
    query = (
        select(calls, terminals.c.name.label("terminal_name"))
        .select_from(calls.outerjoin(terminals, terminals.c.id == calls.c.terminal_id))
        .where(
            calls.c.adviser_id == adviser_id,
            calls.c.kind == "now",
            calls.c.created_at >= today_start(now, zone),
        )
        .order_by(calls.c.created_at.desc())
    )
    return list(conn.execute(query).mappings().all())


def set_outcome(
    conn: Connection, *, room: rooms.Room, outcome: str, note: str, now: datetime
) -> None:
    """Record the adviser's outcome and note on the room's ``calls`` row (and on its booking)."""
    if outcome not in CALL_OUTCOMES:
        raise ValueError(outcome)
    call_id = rooms.ensure_call(conn, room, now)
    conn.execute(
        update(calls)
        .where(calls.c.id == call_id)
        .values(outcome=outcome, note=note, outcome_at=now)
    )
    if room.booking_id is not None:
        conn.execute(
            update(bookings)
            .where(bookings.c.id == room.booking_id)
            .values(status=outcome, outcome_note=note)
        )


def room_of_booking(
    conn: Connection, *, booking_id: int, adviser_id: str, windows: Windows
) -> rooms.Room | None:
    row = conn.execute(
        select(bookings.c.room).where(
            bookings.c.id == booking_id, bookings.c.adviser_id == adviser_id
        )
    ).first()
    return None if row is None else rooms.find_room(conn, row.room, windows)


def room_of_call(
    conn: Connection, *, call_id: int, adviser_id: str, windows: Windows
) -> rooms.Room | None:
    row = rooms.call_by_id(conn, call_id)
    if row is None or row["adviser_id"] != adviser_id:
        return None
    return rooms.find_room(conn, row["room"], windows)
