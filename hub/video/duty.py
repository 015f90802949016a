"""Who can take a call now: the advisers' "on duty now" switch (logged in ``duty_log``) and the
choice of adviser for a terminal's "call now".

Choice order: the terminal's own adviser, then advisers who serve the terminal's village, then
any other adviser on duty — always skipping advisers who are already ringing or in a call.

Choosing and ringing happen under :func:`lock_call_choice` in the same write transaction, so two
terminals calling at the same moment never ring the same adviser (SQLite: the write transaction
is ``BEGIN IMMEDIATE`` already; PostgreSQL: a transaction-scoped advisory lock).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, insert, or_, select, text, update

from hub.models.tables import advisers, calls, duty_log, terminals

from .rooms import Windows

# The advisory lock's key: any fixed bigint unique to this use ("call" in ASCII).
CALL_CHOICE_LOCK_KEY = 0x63616C6C


def lock_call_choice(conn: Connection) -> None:
    """Serialise "call now" choices until the end of ``conn``'s transaction (no-op on SQLite,
    whose write transactions are serialised by ``BEGIN IMMEDIATE``)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CALL_CHOICE_LOCK_KEY})


def set_on_duty(conn: Connection, *, adviser_id: str, on: bool, now: datetime) -> None:
    """Switch the adviser's "on duty now" and open or close their ``duty_log`` period."""
    conn.execute(update(advisers).where(advisers.c.id == adviser_id).values(on_duty_now=on))
    open_period = conn.execute(
        select(duty_log.c.id).where(
            duty_log.c.adviser_id == adviser_id, duty_log.c.ended_at.is_(None)
        )
    ).first()
    if on and open_period is None:
        conn.execute(insert(duty_log).values(adviser_id=adviser_id, started_at=now))
    elif not on and open_period is not None:
        conn.execute(update(duty_log).where(duty_log.c.id == open_period.id).values(ended_at=now))


def is_on_duty(conn: Connection, adviser_id: str) -> bool:
    return bool(
        conn.execute(select(advisers.c.on_duty_now).where(advisers.c.id == adviser_id)).scalar()
    )


def busy_advisers(conn: Connection, *, now: datetime, windows: Windows) -> set[str]:
    """Advisers with a "call now" ringing, or any call in progress (started, not ended, still open)."""
    ringing_since = now - timedelta(seconds=windows.ring_seconds)
    ringing = (
        (calls.c.kind == "now")
        & calls.c.answered_at.is_(None)
        & (calls.c.created_at > ringing_since)
    )
    talking = calls.c.answered_at.is_not(None) | calls.c.started_at.is_not(None)
    query = select(calls.c.adviser_id).where(
        calls.c.ended_at.is_(None), calls.c.closes_at > now, or_(ringing, talking)
    )
    return {row.adviser_id for row in conn.execute(query)}


def _candidates(conn: Connection, terminal_id: str) -> list[str]:
    terminal = conn.execute(
        select(terminals.c.adviser_id, terminals.c.village).where(terminals.c.id == terminal_id)
    ).first()
    rows = conn.execute(
        select(advisers.c.id, advisers.c.serves)
        .where(advisers.c.active.is_(True), advisers.c.on_duty_now.is_(True))
        .order_by(advisers.c.id)
    ).all()
    own = terminal.adviser_id if terminal else None
    village = terminal.village if terminal else ""

    def rank(row) -> int:
        if row.id == own:
            return 0
        return 1 if village and village in (row.serves or []) else 2

    return [row.id for row in sorted(rows, key=rank)]


def choose_adviser(
    conn: Connection, *, terminal_id: str, now: datetime, windows: Windows
) -> tuple[str | None, str]:
    """``(adviser_id, "")`` for the best free adviser on duty, else ``(None, reason)``.

    Reasons: ``nobody_on_duty``, ``all_busy``.
    """
    candidates = _candidates(conn, terminal_id)
    if not candidates:
        return None, "nobody_on_duty"
    busy = busy_advisers(conn, now=now, windows=windows)
    free = [adviser_id for adviser_id in candidates if adviser_id not in busy]
    return (free[0], "") if free else (None, "all_busy")
