"""Bookings: create (one slot, one booking — the database decides), cancel, look up by code.

Personal data choice: the resident's name and phone number are stored in plain text in the
``bookings`` table only, because the adviser must be able to call back; ``phone_last4`` is kept
separately for the cancel check so that check never needs the full number. Both are set to NULL
by :func:`purge_personal_data` ``HUB_PERSONAL_DATA_RETENTION_DAYS`` after the slot. Nothing
personal is logged or sent in events; pages show the name masked (王*) at most.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from hub.core.security import new_code
from hub.models.tables import advisers, bookings, terminals
from hub.models.types import utcnow

logger = logging.getLogger(__name__)

BOOKING_CODE_LENGTH = 10
# Wrong phone digits (phone page and terminal API together) after which a booking can no longer
# be cancelled by digits: 5 tries of 10,000 leave a guesser a 1-in-2,000 chance.
CANCEL_MAX_FAILURES = 5


class SlotTaken(Exception):
    """Another booking holds the slot (the unique index refused the insert)."""


class IdempotencyConflict(Exception):
    """The idempotency key was already used for a different adviser or time."""


@dataclass(frozen=True)
class NewBooking:
    terminal_id: str
    adviser_id: str
    start: datetime
    end: datetime
    name: str
    phone: str
    topic: str
    idempotency_key: str


def _by_key(conn: Connection, terminal_id: str, key: str):
    return (
        conn.execute(
            select(bookings).where(
                bookings.c.terminal_id == terminal_id, bookings.c.idempotency_key == key
            )
        )
        .mappings()
        .first()
    )


def _replay(existing, new: NewBooking):
    if existing["adviser_id"] != new.adviser_id or existing["start"] != new.start:
        raise IdempotencyConflict
    return existing


def create_booking(conn: Connection, new: NewBooking):
    """Insert the booking and return its row; a retried idempotency key returns the first row.

    Raises :class:`SlotTaken` or :class:`IdempotencyConflict`. Runs in its own savepoint so the
    caller's transaction survives a refused insert.
    """
    existing = _by_key(conn, new.terminal_id, new.idempotency_key)
    if existing is not None:
        return _replay(existing, new)
    values = dict(
        code=new_code(BOOKING_CODE_LENGTH),
        room=secrets.token_urlsafe(24),
        terminal_id=new.terminal_id,
        adviser_id=new.adviser_id,
        start=new.start,
        end=new.end,
        status="booked",
        idempotency_key=new.idempotency_key,
        resident_name=new.name,
        resident_phone=new.phone,
        phone_last4=new.phone[-4:],
        topic=new.topic,
        created_at=utcnow(),
    )
    try:
        with conn.begin_nested():
            conn.execute(insert(bookings).values(**values))
    except IntegrityError:
        existing = _by_key(conn, new.terminal_id, new.idempotency_key)
        if existing is not None:
            return _replay(existing, new)
        raise SlotTaken from None
    code = str(values["code"])
    logger.info("booking %s made for adviser %s", code[:3] + "…", new.adviser_id)
    return conn.execute(select(bookings).where(bookings.c.code == code)).mappings().one()


def booking_by_code(conn: Connection, code: str):
    """The booking row with its adviser's name and title (or None)."""
    query = (
        select(
            bookings, advisers.c.name.label("adviser_name"), advisers.c.title.label("adviser_title")
        )
        .select_from(bookings.join(advisers))
        .where(bookings.c.code == code.strip().upper())
    )
    return conn.execute(query).mappings().first()


def cancel_booking(
    conn: Connection, *, code: str, phone_last4: str, terminal_id: str | None, now: datetime
) -> str:
    """Cancel; returns ``cancelled``, ``already_cancelled``, ``not_found``, ``locked``, ``closed``
    or ``past``.

    ``terminal_id`` limits the search to one terminal's bookings (None: any, for the phone page).
    A wrong ``phone_last4`` answers ``not_found``, exactly as an unknown code, so it reveals
    nothing; it is counted, and after :data:`CANCEL_MAX_FAILURES` wrong tries the booking is
    ``locked``: no more digits are compared, right or wrong (the resident calls the hub or 12348).

    The booking row is read ``FOR UPDATE`` (PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already
    serialises writers), so parallel guesses queue on the row and each sees the count the one
    before left: never more than :data:`CANCEL_MAX_FAILURES` digits are evaluated.
    """
    row = (
        conn.execute(
            select(bookings).where(bookings.c.code == code.strip().upper()).with_for_update()
        )
        .mappings()
        .first()
    )
    if row is None or (terminal_id is not None and row["terminal_id"] != terminal_id):
        return "not_found"
    if row["cancel_failures"] >= CANCEL_MAX_FAILURES:
        return "locked"
    if row["phone_last4"] is None or not secrets.compare_digest(row["phone_last4"], phone_last4):
        failures = conn.execute(
            update(bookings)
            .where(bookings.c.id == row["id"])
            .values(cancel_failures=bookings.c.cancel_failures + 1)
            .returning(bookings.c.cancel_failures)
        ).scalar_one()
        if failures == CANCEL_MAX_FAILURES:
            logger.warning("booking %s locked against cancelling: wrong digits", code[:3] + "…")
        return "not_found"
    if row["status"] == "cancelled":
        return "already_cancelled"
    if row["status"] != "booked":
        return "closed"
    if row["start"] <= now:
        return "past"
    conn.execute(
        update(bookings)
        .where(bookings.c.id == row["id"], bookings.c.status == "booked")
        .values(status="cancelled", cancelled_at=now)
    )
    return "cancelled"


def cancel_locked(row) -> bool:
    """Whether wrong digits have locked this booking against cancelling."""
    return row["cancel_failures"] >= CANCEL_MAX_FAILURES


def purge_personal_data(conn: Connection, *, retention_days: int, now: datetime) -> int:
    """Forget names and phone numbers of bookings whose slot ended ``retention_days`` ago."""
    cutoff = now - timedelta(days=retention_days)
    result = conn.execute(
        update(bookings)
        .where(bookings.c.end < cutoff, bookings.c.purged_at.is_(None))
        .values(resident_name=None, resident_phone=None, phone_last4=None, purged_at=now)
    )
    return result.rowcount


def mask_name(name: str | None) -> str:
    """王小明 → 王**; empty for a purged name."""
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def adviser_bookings_from(conn: Connection, *, adviser_id: str, since: datetime) -> list:
    """An adviser's bookings from the start of ``since``'s day on, with the terminal's name."""
    query = (
        select(bookings, terminals.c.name.label("terminal"))
        .select_from(bookings.outerjoin(terminals))
        .where(
            bookings.c.adviser_id == adviser_id,
            bookings.c.start >= since.replace(hour=0, minute=0),
        )
        .order_by(bookings.c.start)
        .limit(100)
    )
    return list(conn.execute(query).mappings())


def adviser_name(conn: Connection, *, adviser_id: str) -> str | None:
    return conn.execute(select(advisers.c.name).where(advisers.c.id == adviser_id)).scalar()
