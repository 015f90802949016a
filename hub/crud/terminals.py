"""Terminals, one-time enrollment codes and bearer tokens (only hashes are stored)."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, RowMapping, insert, or_, select, update

from contract.resident_text import hidden_code_points
from hub.core.security import new_code, new_token, secret_hash
from hub.models.tables import advisers, enrollment_codes, heartbeats, terminal_tokens, terminals
from hub.models.types import utcnow

logger = logging.getLogger(__name__)
ENROLL_CODE_HOURS = 72
TERMINAL_FIELDS = ("place", "district", "address", "lat", "lng", "datum", "village", "adviser_id")


@dataclass(frozen=True)
class Enrolled:
    terminal_id: str
    token: str


def normalize_code(code: str) -> str:
    """Codes are typed by technicians: ignore case, spaces and dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def terminal_by_name(conn: Connection, name: str):
    return conn.execute(select(terminals).where(terminals.c.name == name)).mappings().first()


def ensure_terminal(conn: Connection, *, name: str, **fields: object) -> str:
    """The id of the terminal called ``name``, created (or its fields updated) as given."""
    name = name.strip()
    if not name or len(name) > 80:
        raise ValueError("terminal name must be 1-80 characters")
    hidden = hidden_code_points(name)
    if hidden:
        raise ValueError(f"terminal name holds invisible or text-direction characters ({hidden})")
    values = {k: v for k, v in fields.items() if k in TERMINAL_FIELDS and v is not None}
    existing = terminal_by_name(conn, name)
    if existing is not None:
        if values:
            conn.execute(update(terminals).where(terminals.c.id == existing["id"]).values(**values))
        return existing["id"]
    terminal_id = "t-" + secrets.token_hex(8)
    conn.execute(insert(terminals).values(id=terminal_id, name=name, created_at=utcnow(), **values))
    return terminal_id


def new_enrollment_code(
    conn: Connection, *, terminal_id: str, issued_by: str, hours: int = ENROLL_CODE_HOURS
) -> str:
    """A fresh one-time code for the terminal (shown once, stored hashed). ``issued_by`` names
    the admin (or ``cli``, the server operator's shell) and is stored with the code, so the log
    of a revoked terminal's re-enrollment says who let it back."""
    if not issued_by:
        raise ValueError("an enrollment code needs the name of who issues it")
    code = new_code(10)
    now = utcnow()
    conn.execute(
        insert(enrollment_codes).values(
            code_hash=secret_hash(code),
            terminal_id=terminal_id,
            created_at=now,
            expires_at=now + timedelta(hours=hours),
            issued_by=issued_by,
        )
    )
    revoked_at = conn.execute(
        select(terminals.c.revoked_at).where(terminals.c.id == terminal_id)
    ).scalar_one_or_none()
    if revoked_at is not None:
        logger.warning(
            "enrollment code for revoked terminal %s issued by %s (revoked %s)",
            terminal_id,
            issued_by,
            revoked_at.isoformat(timespec="seconds"),
        )
    else:
        logger.info("enrollment code for terminal %s issued by %s", terminal_id, issued_by)
    return code


def enroll(conn: Connection, *, code: str) -> Enrolled | None:
    """Spend ``code``: revoke the terminal's old tokens, issue a new one. None if the code is bad.

    A revoked terminal stays revoked: only a code issued after its revocation (by an admin:
    revoking voids every code issued before) enrolls it again, and that is logged.
    """
    now = utcnow()
    code_hash = secret_hash(normalize_code(code))
    revoked_at = (
        select(terminals.c.revoked_at)
        .where(terminals.c.id == enrollment_codes.c.terminal_id)
        .scalar_subquery()
    )
    spent = conn.execute(
        update(enrollment_codes)
        .where(
            enrollment_codes.c.code_hash == code_hash,
            enrollment_codes.c.used_at.is_(None),
            enrollment_codes.c.expires_at > now,
            or_(revoked_at.is_(None), enrollment_codes.c.created_at > revoked_at),
        )
        .values(used_at=now)
        .returning(enrollment_codes.c.terminal_id, enrollment_codes.c.issued_by)
    ).first()
    if spent is None:
        return None
    terminal_id = spent.terminal_id
    conn.execute(
        update(terminal_tokens)
        .where(terminal_tokens.c.terminal_id == terminal_id, terminal_tokens.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    token = new_token()
    conn.execute(
        insert(terminal_tokens).values(
            token_hash=secret_hash(token), terminal_id=terminal_id, created_at=now
        )
    )
    was_revoked = conn.execute(
        select(terminals.c.revoked_at).where(terminals.c.id == terminal_id)
    ).scalar_one()
    values: dict = {"enrolled_at": now}
    if was_revoked is not None:  # the code was issued after the revocation (checked above)
        values["revoked_at"] = None
        logger.warning(
            "revoked terminal %s re-enrolled with a code issued by %s after its revocation (%s)",
            terminal_id,
            spent.issued_by or "unknown",
            was_revoked.isoformat(timespec="seconds"),
        )
    conn.execute(update(terminals).where(terminals.c.id == terminal_id).values(**values))
    return Enrolled(terminal_id=terminal_id, token=token)


def revoke_terminal(conn: Connection, *, terminal_id: str, revoked_by: str = "") -> None:
    """Stop the terminal at once: its tokens no longer authenticate and every enrollment code
    issued so far is void (only a code issued later, by an admin, enrolls it again)."""
    now = utcnow()
    conn.execute(update(terminals).where(terminals.c.id == terminal_id).values(revoked_at=now))
    conn.execute(
        update(terminal_tokens)
        .where(terminal_tokens.c.terminal_id == terminal_id, terminal_tokens.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    voided = conn.execute(
        update(enrollment_codes)
        .where(enrollment_codes.c.terminal_id == terminal_id, enrollment_codes.c.used_at.is_(None))
        .values(expires_at=now)
    ).rowcount
    logger.warning(
        "terminal %s revoked by %s; %d outstanding enrollment code(s) voided",
        terminal_id,
        revoked_by or "unknown",
        voided,
    )


def record_heartbeat(
    conn: Connection,
    *,
    terminal_id: str,
    at: datetime,
    app_version: str,
    content_version: int,
    queue: int,
    doctor: dict | None,
    key_id: str | None = None,
    next_key_id: str | None = None,
    stale: bool | None = None,
) -> None:
    """Keep one heartbeat row and what the terminal's page shows (last seen, versions, health,
    the hub keys it has pinned)."""
    conn.execute(
        insert(heartbeats).values(
            terminal_id=terminal_id,
            at=at,
            app_version=app_version,
            content_version=content_version,
            queue=queue,
            doctor=doctor,
        )
    )
    values: dict = dict(
        last_seen_at=at, app_version=app_version, content_version=content_version, queue=queue
    )
    if doctor is not None:
        values["doctor"] = doctor
    if key_id is not None:  # an older terminal does not say: keep what is known
        values.update(key_id=key_id, next_key_id=next_key_id)
    if stale is not None:
        values["content_stale"] = stale
    conn.execute(update(terminals).where(terminals.c.id == terminal_id).values(**values))


def assigned_adviser(conn: Connection, *, terminal_id: str) -> str | None:
    """The id of the adviser staff assigned to the terminal, or ``None`` (none, or not active)."""
    return conn.execute(
        select(terminals.c.adviser_id)
        .join(advisers, advisers.c.id == terminals.c.adviser_id)
        .where(terminals.c.id == terminal_id, advisers.c.active.is_(True))
    ).scalar_one_or_none()


def terminals_with_advisers(conn: Connection) -> list[RowMapping]:
    """Every terminal with its adviser's name, by district and name."""
    query = (
        select(terminals, advisers.c.name.label("adviser"))
        .select_from(terminals.outerjoin(advisers))
        .order_by(terminals.c.district, terminals.c.name)
    )
    return list(conn.execute(query).mappings().all())


def recent_heartbeats(conn: Connection, *, terminal_id: str, limit: int = 10) -> list[RowMapping]:
    query = (
        select(heartbeats)
        .where(heartbeats.c.terminal_id == terminal_id)
        .order_by(heartbeats.c.at.desc())
        .limit(limit)
    )
    return list(conn.execute(query).mappings().all())


def update_terminal(conn: Connection, *, terminal_id: str, fields: dict) -> None:
    conn.execute(update(terminals).where(terminals.c.id == terminal_id).values(**fields))
