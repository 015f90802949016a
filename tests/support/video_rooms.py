"""Helpers for video tests: put a booking at a chosen time straight into a hub database (real
SQLite file or PostgreSQL), and make join links for it, as the hub does."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from hub.core.db import writing
from hub.core.security import load_signing_key, new_code
from hub.models.tables import bookings, terminals
from hub.video.tokens import make_token, token_key


def add_booking(
    engine,
    *,
    adviser_id: str,
    start: datetime,
    minutes: int = 30,
    status: str = "booked",
    terminal_name: str | None = None,
) -> dict:
    """Insert a booking (bypassing slot rules, so a test can put it now, in the past or later)."""
    with writing(engine) as conn:
        terminal_id = None
        if terminal_name:
            terminal_id = conn.execute(
                select(terminals.c.id).where(terminals.c.name == terminal_name)
            ).scalar()
        values = dict(
            code=new_code(10),
            room=secrets.token_urlsafe(24),
            terminal_id=terminal_id,
            adviser_id=adviser_id,
            start=start,
            end=start + timedelta(minutes=minutes),
            status=status,
            idempotency_key=secrets.token_hex(8),
            resident_name="张示例",
            resident_phone="02800000101",
            phone_last4="0101",
            topic="示例：工资拖欠",
            created_at=datetime.now(UTC),
        )
        conn.execute(insert(bookings).values(**values))
    return values


def token_for(settings, room: str, role: str, *, expires: datetime | None = None) -> str:
    key = token_key(load_signing_key(settings))
    return make_token(
        key, room=room, role=role, expires=expires or datetime.now(UTC) + timedelta(minutes=10)
    )


def now_utc() -> datetime:
    return datetime.now(UTC)
