"""Seed a hub with demo content, demo terminals (with enrollment codes) and staff users."""

from __future__ import annotations

import importlib
import secrets
from dataclasses import dataclass, field
from datetime import tzinfo

from sqlalchemy import Connection, select, update

from hub.core.security import hash_password
from hub.crud.demo_standards import seed_standards
from hub.crud.publish import publish
from hub.crud.records import load_content
from hub.crud.terminals import ensure_terminal, new_enrollment_code
from hub.crud.users import create_user
from hub.models.tables import users

DEMO_USERS = (
    ("admin", "admin"),
    ("editor", "editor"),
    ("adviser", "adviser"),
    ("viewer", "viewer"),
)


@dataclass
class DemoResult:
    codes: dict[str, str] = field(default_factory=dict)  # terminal name -> enrollment code
    passwords: dict[str, tuple[str, str]] = field(default_factory=dict)  # user -> (role, password)
    counts: dict[str, int] = field(default_factory=dict)
    version: int | None = None


def load_demo_module(name: str):
    """The module providing ``load_demo_content()`` and ``DEMO_TERMINALS`` (default ``contract.demo``)."""
    module = importlib.import_module(name)
    if not hasattr(module, "load_demo_content"):
        raise ImportError(f"{name} has no load_demo_content()")
    return module


def _set_user(conn: Connection, username: str, role: str, adviser_id: str | None) -> str:
    password = secrets.token_urlsafe(12)
    existing = conn.execute(select(users.c.id).where(users.c.username == username)).first()
    if existing is None:
        create_user(conn, username=username, password=password, role=role, adviser_id=adviser_id)
    else:
        conn.execute(
            update(users)
            .where(users.c.id == existing.id)
            .values(
                password_hash=hash_password(password), role=role, adviser_id=adviser_id, active=True
            )
        )
    return password


def seed_demo(conn: Connection, module, *, zone: tzinfo) -> DemoResult:
    """Load the content, create terminals with fresh codes and users with fresh passwords, publish."""
    result = DemoResult(counts=load_content(conn, module.load_demo_content()))
    result.counts["service_standards"] = seed_standards(conn)
    terminals = list(module.DEMO_TERMINALS)
    for terminal in terminals:
        fields = {k: v for k, v in terminal.items() if k != "name"}
        terminal_id = ensure_terminal(conn, name=terminal["name"], **fields)
        result.codes[terminal["name"]] = new_enrollment_code(
            conn, terminal_id=terminal_id, issued_by="demo"
        )
    adviser_id = terminals[0].get("adviser_id") if terminals else None
    for username, role in DEMO_USERS:
        password = _set_user(conn, username, role, adviser_id if role == "adviser" else None)
        result.passwords[username] = (role, password)
    result.version = publish(conn, zone=zone, note="demo")
    return result
