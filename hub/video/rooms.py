"""Call rooms in the database: find a room, its opening window, create "call now" rooms, and
record start, end and the adviser's answer.

A booking's room name is ``bookings.room`` (made with the booking); its ``calls`` row is created
the first time the room is joined or given an outcome. A "call now" room is a ``calls`` row of
kind ``now`` from the start. Windows (aware UTC):

- booked: ``start - HUB_ROOM_OPENS_BEFORE_MINUTES`` .. ``end + HUB_VIDEO_ROOM_CLOSES_AFTER_MINUTES``
- now: ``created_at`` .. ``created_at + HUB_VIDEO_CALL_NOW_MINUTES``; it rings the adviser for
  ``HUB_VIDEO_RING_SECONDS`` and counts as missed when nobody answered by then.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from hub.models.tables import advisers, bookings, calls, terminals

logger = logging.getLogger(__name__)

ROOM_MAX_CHARS = 48


@dataclass(frozen=True)
class Windows:
    """How rooms open and close (minutes / seconds as named)."""

    opens_before_minutes: int
    closes_after_minutes: int
    call_now_minutes: int
    ring_seconds: int


@dataclass(frozen=True)
class Room:
    room: str
    kind: str  # booked | now
    adviser_id: str
    adviser_name: str
    terminal_id: str | None
    opens_at: datetime
    closes_at: datetime
    booking_id: int | None = None
    booking_code: str | None = None
    booking_status: str = "booked"
    call_id: int | None = None
    answered_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None

    def state(self, now: datetime) -> str:
        """``later`` (not open yet), ``open``, ``closed`` or ``cancelled``."""
        if self.booking_status == "cancelled":
            return "cancelled"
        if now < self.opens_at:
            return "later"
        return "open" if now < self.closes_at else "closed"


def booked_window(row, windows: Windows) -> tuple[datetime, datetime]:
    return (
        row["start"] - timedelta(minutes=windows.opens_before_minutes),
        row["end"] + timedelta(minutes=windows.closes_after_minutes),
    )


def find_room(conn: Connection, room: str, windows: Windows) -> Room | None:
    """The room called ``room`` (a booking's or a "call now"), or None."""
    if not room or len(room) > ROOM_MAX_CHARS:
        return None
    call = (
        conn.execute(
            select(calls, advisers.c.name.label("adviser_name"))
            .select_from(calls.join(advisers))
            .where(calls.c.room == room)
        )
        .mappings()
        .first()
    )
    booking = (
        conn.execute(
            select(bookings, advisers.c.name.label("adviser_name"))
            .select_from(bookings.join(advisers))
            .where(bookings.c.room == room)
        )
        .mappings()
        .first()
    )
    if booking is not None:
        opens, closes = booked_window(booking, windows)
        return Room(
            room=room,
            kind="booked",
            adviser_id=booking["adviser_id"],
            adviser_name=booking["adviser_name"],
            terminal_id=booking["terminal_id"],
            opens_at=opens,
            closes_at=closes,
            booking_id=booking["id"],
            booking_code=booking["code"],
            booking_status=booking["status"],
            call_id=call["id"] if call else None,
            started_at=call["started_at"] if call else None,
            ended_at=call["ended_at"] if call else None,
        )
    if call is None:
        return None
    return Room(
        room=room,
        kind=call["kind"],
        adviser_id=call["adviser_id"],
        adviser_name=call["adviser_name"],
        terminal_id=call["terminal_id"],
        opens_at=call["opens_at"],
        closes_at=call["closes_at"],
        call_id=call["id"],
        answered_at=call["answered_at"],
        started_at=call["started_at"],
        ended_at=call["ended_at"],
    )


def ensure_call(conn: Connection, room: Room, now: datetime) -> int:
    """The ``calls`` row id of ``room``, inserting it for a booking's room on first use."""
    if room.call_id is not None:
        return room.call_id
    values = dict(
        room=room.room,
        kind="booked",
        booking_id=room.booking_id,
        terminal_id=room.terminal_id,
        adviser_id=room.adviser_id,
        created_at=now,
        opens_at=room.opens_at,
        closes_at=room.closes_at,
    )
    try:
        with conn.begin_nested():
            conn.execute(insert(calls).values(**values))
    except IntegrityError:
        pass  # another request made it first
    return conn.execute(select(calls.c.id).where(calls.c.room == room.room)).scalar_one()


def create_now_call(
    conn: Connection, *, terminal_id: str, adviser_id: str, now: datetime, windows: Windows
) -> int:
    """A new "call now" room for ``terminal_id`` ringing ``adviser_id``; returns the call id."""
    result = conn.execute(
        insert(calls).values(
            room=secrets.token_urlsafe(24),
            kind="now",
            terminal_id=terminal_id,
            adviser_id=adviser_id,
            created_at=now,
            opens_at=now,
            closes_at=now + timedelta(minutes=windows.call_now_minutes),
        )
    )
    return result.inserted_primary_key[0]


def call_by_id(conn: Connection, call_id: int):
    return conn.execute(select(calls).where(calls.c.id == call_id)).mappings().first()


def ringing_calls(conn: Connection, *, adviser_id: str, now: datetime, windows: Windows) -> list:
    """ "Call now" rooms waiting for this adviser: unanswered, younger than the ring time, not ended."""
    since = now - timedelta(seconds=windows.ring_seconds)
    query = (
        select(calls, terminals.c.name.label("terminal_name"))
        .select_from(calls.outerjoin(terminals, terminals.c.id == calls.c.terminal_id))
        .where(
            calls.c.adviser_id == adviser_id,
            calls.c.kind == "now",
            calls.c.answered_at.is_(None),
            calls.c.ended_at.is_(None),
            calls.c.created_at > since,
        )
        .order_by(calls.c.created_at)
    )
    return conn.execute(query).mappings().all()


def ringing_call_of_terminal(
    conn: Connection, *, terminal_id: str, now: datetime, windows: Windows
):
    """The "call now" this terminal has ringing (unanswered, not ended, younger than the ring
    time), or None: a terminal rings at most one adviser at a time."""
    since = now - timedelta(seconds=windows.ring_seconds)
    query = (
        select(calls)
        .where(
            calls.c.terminal_id == terminal_id,
            calls.c.kind == "now",
            calls.c.answered_at.is_(None),
            calls.c.ended_at.is_(None),
            calls.c.created_at > since,
        )
        .order_by(calls.c.created_at.desc())
    )
    return conn.execute(query).mappings().first()


def answer_call(
    conn: Connection, *, call_id: int, adviser_id: str, now: datetime, windows: Windows
) -> bool:
    """The adviser takes a "call now"; False when it is not theirs, has ended or rang out unanswered."""
    row = call_by_id(conn, call_id)
    if (
        row is None
        or row["adviser_id"] != adviser_id
        or row["kind"] != "now"
        or row["ended_at"] is not None
    ):
        return False
    if row["answered_at"] is not None:
        return now < row["closes_at"]  # answered before: the adviser may come back in
    if row["created_at"] <= now - timedelta(seconds=windows.ring_seconds):
        return False
    conn.execute(update(calls).where(calls.c.id == call_id).values(answered_at=now))
    return True


def mark_started(conn: Connection, *, room: str, now: datetime) -> None:
    """Both sides are in the room: the first time sets ``started_at``; a rejoin clears ``ended_at``."""
    conn.execute(
        update(calls)
        .where(calls.c.room == room, calls.c.started_at.is_(None))
        .values(started_at=now)
    )
    conn.execute(update(calls).where(calls.c.room == room).values(ended_at=None))
    # The booking's own columns too: the staff reports (hub/crud/reports.py) read them.
    conn.execute(
        update(bookings)
        .where(bookings.c.room == room, bookings.c.call_started_at.is_(None))
        .values(call_started_at=now)
    )
    conn.execute(update(bookings).where(bookings.c.room == room).values(call_ended_at=None))


def mark_ended(conn: Connection, *, room: str, now: datetime) -> None:
    """The call is over for now (last side left or hung up); only counts once it had started."""
    conn.execute(
        update(calls)
        .where(calls.c.room == room, calls.c.started_at.is_not(None))
        .values(ended_at=now)
    )
    conn.execute(
        update(bookings)
        .where(bookings.c.room == room, bookings.c.call_started_at.is_not(None))
        .values(call_ended_at=now)
    )


def mark_given_up(conn: Connection, *, room: str, now: datetime) -> None:
    """Everyone left a "call now" room before the call started: it stops ringing and frees the
    adviser (answered or not)."""
    conn.execute(
        update(calls)
        .where(
            calls.c.room == room,
            calls.c.kind == "now",
            calls.c.started_at.is_(None),
            calls.c.ended_at.is_(None),
        )
        .values(ended_at=now)
    )
