"""Remote commands for terminals (sync, doctor, screenshot, restart) and their results.

A command is ``pending`` when staff sent it, ``sent`` once a heartbeat answer handed it out (it is
handed out again in every answer until the terminal reports it, so a lost answer costs nothing),
and ``done`` or ``failed`` with the terminal's result. The terminal runs each id once (it keeps
the ids it has seen), so handing one out twice never runs it twice. A command nobody picked up
(or whose result never came) within ``HUB_COMMAND_EXPIRE_MINUTES`` is failed as expired.

Every command is logged with who sent it (the staff username or ``cli``); the row keeps it too.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Connection, RowMapping, delete, insert, select, update

from contract.terminal_commands import COMMANDS
from hub.models.tables import terminal_commands, terminal_screenshots
from hub.models.types import utcnow

logger = logging.getLogger(__name__)

# Commands handed out in one heartbeat answer (the rest follow in the next ones).
HAND_OUT_MAX = 10
OPEN_STATES = ("pending", "sent")
EXPIRED_PENDING = {"error": "expired", "reason": "not picked up by the terminal in time"}
EXPIRED_SENT = {"error": "expired", "reason": "the terminal sent no result in time"}


class CommandRefused(ValueError):
    """The command cannot be sent (unknown name); the message says why."""


def new_command(
    conn: Connection,
    *,
    terminal_id: str,
    command: str,
    sent_by: str,
    sent_by_user_id: int | None = None,
) -> dict:
    """Queue ``command`` for the terminal; returns ``{"id", "command", "state"}``.

    :raises CommandRefused: when ``command`` is not one of :data:`COMMANDS`.
    """
    if command not in COMMANDS:
        raise CommandRefused(f"unknown command {command!r}: choose one of {', '.join(COMMANDS)}")
    command_id = "c-" + secrets.token_hex(8)
    conn.execute(
        insert(terminal_commands).values(
            id=command_id,
            terminal_id=terminal_id,
            command=command,
            state="pending",
            sent_by=sent_by[:64],
            sent_by_user_id=sent_by_user_id,
            created_at=utcnow(),
        )
    )
    logger.warning(
        "terminal command %s %s for terminal %s sent by %s",
        command_id,
        command,
        terminal_id,
        sent_by or "unknown",
    )
    return {"id": command_id, "command": command, "state": "pending"}


def expire_commands(
    conn: Connection, *, now: datetime, after: timedelta, terminal_id: str | None = None
) -> int:
    """Fail open commands older than ``after``: pending ones by when they were sent by staff,
    handed-out ones by when they were first handed out. Returns how many were failed."""
    cutoff = now - after
    scope = [terminal_commands.c.terminal_id == terminal_id] if terminal_id else []
    count = 0
    for state, since, result in (
        ("pending", terminal_commands.c.created_at, EXPIRED_PENDING),
        ("sent", terminal_commands.c.sent_at, EXPIRED_SENT),
    ):
        count += conn.execute(
            update(terminal_commands)
            .where(terminal_commands.c.state == state, since < cutoff, *scope)
            .values(state="failed", ok=False, result=result, finished_at=now)
        ).rowcount
    if count:
        logger.info("%d terminal command(s) expired", count)
    return count


def hand_out(conn: Connection, *, terminal_id: str, now: datetime) -> list[dict]:
    """The terminal's open commands, oldest first (``[{"id", "command"}]``); pending ones become
    ``sent``. Sent ones without a result are handed out again (the last answer may be lost)."""
    rows = conn.execute(
        select(terminal_commands.c.id, terminal_commands.c.command, terminal_commands.c.state)
        .where(
            terminal_commands.c.terminal_id == terminal_id,
            terminal_commands.c.state.in_(OPEN_STATES),
        )
        .order_by(terminal_commands.c.created_at, terminal_commands.c.id)
        .limit(HAND_OUT_MAX)
    ).all()
    fresh = [row.id for row in rows if row.state == "pending"]
    if fresh:
        conn.execute(
            update(terminal_commands)
            .where(terminal_commands.c.id.in_(fresh), terminal_commands.c.state == "pending")
            .values(state="sent", sent_at=now)
        )
    return [{"id": row.id, "command": row.command} for row in rows]


def record_done(conn: Connection, *, terminal_id: str, done: list[dict], now: datetime) -> int:
    """Store the results a heartbeat reports; returns how many were new.

    Idempotent: only a command of *this* terminal that was handed out and has no result yet
    takes one, so a repeated report, a late one after expiry or another terminal's id changes
    nothing (and is logged, not refused: a refused heartbeat would stop the terminal's
    heartbeats until someone cleared its queue).
    """
    recorded = 0
    for entry in done:
        changed = conn.execute(
            update(terminal_commands)
            .where(
                terminal_commands.c.id == entry["id"],
                terminal_commands.c.terminal_id == terminal_id,
                terminal_commands.c.state == "sent",
            )
            .values(
                state="done" if entry["ok"] else "failed",
                ok=entry["ok"],
                result=entry["result"],
                finished_at=now,
            )
        ).rowcount
        if changed:
            recorded += 1
            logger.info(
                "terminal %s reported command %s: %s",
                terminal_id,
                entry["id"],
                "done" if entry["ok"] else "failed",
            )
            continue
        known = conn.execute(
            select(terminal_commands.c.state).where(
                terminal_commands.c.id == entry["id"],
                terminal_commands.c.terminal_id == terminal_id,
            )
        ).scalar_one_or_none()
        if known is None:
            logger.warning(
                "terminal %s reported command %s that is not one of its own: ignored",
                terminal_id,
                entry["id"],
            )
    return recorded


def recent_commands(conn: Connection, *, terminal_id: str, limit: int = 20) -> list[RowMapping]:
    """The terminal's latest commands, newest first, with ``screenshot`` (bool) beside each."""
    has_png = (
        select(terminal_screenshots.c.command_id)
        .where(terminal_screenshots.c.command_id == terminal_commands.c.id)
        .exists()
    )
    query = (
        select(
            terminal_commands.c.id,
            terminal_commands.c.command,
            terminal_commands.c.state,
            terminal_commands.c.sent_by,
            terminal_commands.c.created_at,
            terminal_commands.c.sent_at,
            terminal_commands.c.finished_at,
            terminal_commands.c.ok,
            terminal_commands.c.result,
            has_png.label("screenshot"),
        )
        .where(terminal_commands.c.terminal_id == terminal_id)
        .order_by(terminal_commands.c.created_at.desc(), terminal_commands.c.id.desc())
        .limit(limit)
    )
    return list(conn.execute(query).mappings().all())


def store_screenshot(
    conn: Connection, *, terminal_id: str, command_id: str, png: bytes, now: datetime
) -> str | None:
    """Keep the PNG a terminal uploaded for its screenshot command; the reason when refused.

    Only a screenshot command of this terminal that is handed out and has no result yet takes
    one; an upload repeated after a lost answer replaces the first.
    """
    row = conn.execute(
        select(terminal_commands.c.command, terminal_commands.c.state).where(
            terminal_commands.c.id == command_id, terminal_commands.c.terminal_id == terminal_id
        )
    ).first()
    if row is None:
        return "not_found"
    if row.command != "screenshot" or row.state != "sent":
        return "not_open"
    conn.execute(
        delete(terminal_screenshots).where(terminal_screenshots.c.command_id == command_id)
    )
    conn.execute(
        insert(terminal_screenshots).values(
            command_id=command_id, png=png, size=len(png), created_at=now
        )
    )
    return None


def screenshot_png(conn: Connection, *, terminal_id: str, command_id: str) -> bytes | None:
    """The PNG uploaded for the terminal's command, or None."""
    return conn.execute(
        select(terminal_screenshots.c.png)
        .join(terminal_commands, terminal_commands.c.id == terminal_screenshots.c.command_id)
        .where(
            terminal_screenshots.c.command_id == command_id,
            terminal_commands.c.terminal_id == terminal_id,
        )
    ).scalar_one_or_none()


def command_list(rows: list[RowMapping]) -> list[dict]:
    """The CLI's ``{"id", "command", "state", "result"?}`` for each row."""
    shown = []
    for row in rows:
        item = {"id": row["id"], "command": row["command"], "state": row["state"]}
        if row["result"] is not None:
            item["result"] = row["result"]
        shown.append(item)
    return shown
