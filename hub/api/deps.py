"""FastAPI dependencies: the hub context, a DB connection, the current terminal, the current staff.

Routes say what they need::

    @router.get("/thing")
    def thing(terminal: CurrentTerminal, hub: HubDep): ...

    @router.get("/admin/thing")
    def admin_thing(staff: Annotated[StaffUser, Depends(require_roles("admin", "editor"))]): ...
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy import select

from hub.core.context import Hub
from hub.core.db import reading
from hub.core.ratelimit import RateLimiter
from hub.core.security import secret_hash
from hub.models.tables import staff_sessions, terminal_tokens, terminals, users
from hub.models.types import utcnow

SESSION_COOKIE = "hub_session"


def get_hub(request: Request) -> Hub:
    return request.app.state.hub


HubDep = Annotated[Hub, Depends(get_hub)]


@dataclass(frozen=True)
class TerminalAuth:
    """The terminal a bearer token belongs to."""

    terminal_id: str
    name: str
    token_hash: str


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def current_terminal(request: Request, hub: HubDep) -> TerminalAuth:
    """The terminal of the bearer token; 401 for a missing, unknown or revoked token, 429 over the rate."""
    token = _bearer(request)
    if token is None:
        raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    token_hash = secret_hash(token)
    query = (
        select(terminals.c.id, terminals.c.name)
        .select_from(terminal_tokens.join(terminals))
        .where(terminal_tokens.c.token_hash == token_hash)
        .where(terminal_tokens.c.revoked_at.is_(None), terminals.c.revoked_at.is_(None))
    )
    with reading(hub.engine) as conn:
        row = conn.execute(query).first()
    if row is None:
        raise HTTPException(401, "unknown or revoked token", headers={"WWW-Authenticate": "Bearer"})
    wait_s = hub.limiter.take(token_hash)
    if wait_s > 0:
        raise HTTPException(
            429,
            "too many requests, slow down",
            headers={"Retry-After": RateLimiter.retry_after_header(wait_s)},
        )
    return TerminalAuth(terminal_id=row.id, name=row.name, token_hash=token_hash)


CurrentTerminal = Annotated[TerminalAuth, Depends(current_terminal)]


@dataclass(frozen=True)
class StaffUser:
    """A logged-in staff member and the CSRF token of their session."""

    id: int
    username: str
    role: str
    display_name: str
    adviser_id: str | None
    csrf_token: str


def current_staff(request: Request, hub: HubDep) -> StaffUser:
    """The user of the session cookie; 403 for terminal tokens, 401 when not logged in."""
    if _bearer(request) is not None:
        raise HTTPException(403, "staff routes do not accept terminal tokens")
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        raise HTTPException(401, "login required")
    query = (
        select(
            users.c.id,
            users.c.username,
            users.c.role,
            users.c.display_name,
            users.c.adviser_id,
            staff_sessions.c.csrf_token,
        )
        .select_from(staff_sessions.join(users))
        .where(staff_sessions.c.id_hash == secret_hash(cookie))
        .where(staff_sessions.c.expires_at > utcnow(), users.c.active.is_(True))
    )
    with reading(hub.engine) as conn:
        row = conn.execute(query).first()
    if row is None:
        raise HTTPException(401, "login required")
    return StaffUser(**row._mapping)


CurrentStaff = Annotated[StaffUser, Depends(current_staff)]


def require_roles(*roles: str):
    """A dependency that lets only ``roles`` through (403 otherwise)."""

    def check(staff: CurrentStaff) -> StaffUser:
        if staff.role not in roles:
            raise HTTPException(403, "your role may not do this")
        return staff

    return check
