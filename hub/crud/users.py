"""Staff users, login with lockout, and sessions (cookie value shown once, stored hashed)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, func, insert, select, update

from hub.core.config import HubSettings
from hub.core.security import hash_password, new_token, secret_hash, verify_password
from hub.models.tables import ROLES, advisers, login_failures, staff_sessions, users
from hub.models.types import utcnow

USERNAME_MAX = 64
PASSWORD_MIN = 8


class UserError(ValueError):
    """Bad user input; ``reason`` says which (``username``, ``role``, ``password_short``,
    ``user_exists``) and the message says it in English for the command line."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class LoginResult:
    """``session`` is the cookie value when ``ok``; ``reason`` is ``bad_credentials`` or ``locked``."""

    ok: bool
    reason: str = ""
    session: str = ""
    csrf_token: str = ""
    user_id: int | None = None


def create_user(
    conn: Connection,
    *,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    adviser_id: str | None = None,
) -> int:
    """Insert a staff user with an argon2 hash; returns the id."""
    username = username.strip()
    if not username or len(username) > USERNAME_MAX or any(ch.isspace() for ch in username):
        raise UserError("username", f"user name must be 1-{USERNAME_MAX} characters without spaces")
    if role not in ROLES:
        raise UserError("role", f"role must be one of {', '.join(ROLES)}")
    if len(password) < PASSWORD_MIN:
        raise UserError("password_short", f"password must have at least {PASSWORD_MIN} characters")
    if conn.execute(select(users.c.id).where(users.c.username == username)).first():
        raise UserError("user_exists", f"user {username} exists already")
    result = conn.execute(
        insert(users).values(
            username=username,
            password_hash=hash_password(password),
            role=role,
            display_name=display_name or username,
            adviser_id=adviser_id,
            created_at=utcnow(),
        )
    )
    key = result.inserted_primary_key
    assert key is not None  # an INSERT always has one
    return int(key[0])


def is_locked(conn: Connection, *, username: str, settings: HubSettings) -> bool:
    since = utcnow() - timedelta(minutes=settings.login_lockout_minutes)
    count = conn.execute(
        select(func.count())
        .select_from(login_failures)
        .where(login_failures.c.username == username, login_failures.c.at > since)
    ).scalar_one()
    return count >= settings.login_max_failures


def login(
    conn: Connection, *, username: str, password: str, client: str, settings: HubSettings
) -> LoginResult:
    """Check the password (unless locked out) and open a session on success."""
    username = username.strip()[:USERNAME_MAX]
    if is_locked(conn, username=username, settings=settings):
        return LoginResult(ok=False, reason="locked")
    row = conn.execute(
        select(users.c.id, users.c.password_hash).where(
            users.c.username == username, users.c.active.is_(True)
        )
    ).first()
    if row is None or not verify_password(row.password_hash, password):
        conn.execute(
            insert(login_failures).values(username=username, client=client[:64], at=utcnow())
        )
        return LoginResult(ok=False, reason="bad_credentials")
    conn.execute(delete(login_failures).where(login_failures.c.username == username))
    conn.execute(update(users).where(users.c.id == row.id).values(last_login_at=utcnow()))
    session, csrf = open_session(conn, user_id=row.id, settings=settings)
    return LoginResult(ok=True, session=session, csrf_token=csrf, user_id=row.id)


def open_session(conn: Connection, *, user_id: int, settings: HubSettings) -> tuple[str, str]:
    """Create a session; returns (cookie value, CSRF token)."""
    session, csrf, now = new_token(), secrets.token_urlsafe(24), utcnow()
    conn.execute(
        insert(staff_sessions).values(
            id_hash=secret_hash(session),
            user_id=user_id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + timedelta(hours=settings.session_hours),
            last_seen_at=now,
        )
    )
    return session, csrf


def close_session(conn: Connection, *, session: str) -> None:
    conn.execute(delete(staff_sessions).where(staff_sessions.c.id_hash == secret_hash(session)))


def active_login(conn: Connection, *, username: str):
    """``(id, password_hash)`` of an active user by name, or None."""
    return conn.execute(
        select(users.c.id, users.c.password_hash).where(
            users.c.username == username, users.c.active.is_(True)
        )
    ).first()


def note_login(conn: Connection, *, user_id: int, at: datetime) -> None:
    conn.execute(update(users).where(users.c.id == user_id).values(last_login_at=at))


def users_with_advisers(conn: Connection) -> list:
    """Every staff user with the adviser's name, active ones first."""
    query = (
        select(users, advisers.c.name.label("adviser"))
        .select_from(users.outerjoin(advisers))
        .order_by(users.c.active.desc(), users.c.username)
    )
    return list(conn.execute(query).mappings().all())


def update_user(conn: Connection, *, user_id: int, changes: dict) -> None:
    conn.execute(update(users).where(users.c.id == user_id).values(**changes))


def end_sessions(conn: Connection, *, user_id: int) -> None:
    """Log a user out everywhere (password, role or active changed)."""
    conn.execute(delete(staff_sessions).where(staff_sessions.c.user_id == user_id))
