"""Helpers for the work-log and service-ledger tests: a second adviser login, an entry's form."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from hub.api.deps import SESSION_COOKIE
from hub.core.db import writing
from hub.crud.users import create_user, open_session
from hub.models.tables import users


def adviser_login(app, *, username: str, adviser_id: str) -> TestClient:
    """A client logged in as a (new) adviser user linked to ``adviser_id``."""
    hub = app.state.hub
    with writing(hub.engine) as conn:
        found = conn.execute(select(users.c.id).where(users.c.username == username)).scalar()
        user_id = found or create_user(
            conn,
            username=username,
            password="example-password-1",
            role="adviser",
            adviser_id=adviser_id,
        )
        session, _csrf = open_session(conn, user_id=user_id, settings=hub.settings)
    client = TestClient(app, follow_redirects=False)
    client.cookies.set(SESSION_COOKIE, session)
    return client


def entry_form(day: str, **changes: str) -> dict[str, str]:
    """A valid work-log form for adviser ``adv-a`` (village 示例社区) on ``day``."""
    return {
        "service": "visit",
        "village": "示例社区",
        "day": day,
        "start": "09:00",
        "end": "10:30",
        "hours": "",
        "people": "3",
        "outcome": "已解答",
        "note": "走访两户，讲解赡养义务",
        **changes,
    }
