"""Helpers for the staff admin tests (``tests/hub/test_admin_*.py``).

The hub fixtures of ``tests/hub/conftest.py`` give a seeded database (SQLite, and PostgreSQL when
reachable) with one demo user per role; :func:`staff_client` logs one of them in through the real
login form, :func:`post_form` submits a form with the CSRF token read from its page.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hub.api.deps import SESSION_COOKIE
from hub.core.db import writing
from hub.crud.users import open_session
from hub.models.tables import users

CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')
ROLES = ("admin", "editor", "adviser", "viewer")


def csrf_of(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def login(client: TestClient, username: str, password: str, *, next_url: str = "/admin"):
    """Open the login page (for its CSRF cookie and token) and submit the form."""
    page = client.get("/admin/login")
    assert page.status_code == 200, page.text
    return client.post(
        "/admin/login",
        data={
            "username": username,
            "password": password,
            "csrf": csrf_of(page.text),
            "next": next_url,
        },
    )


def staff_client(app, demo, role: str | None, *, via_form: bool = False) -> TestClient:
    """A client of ``app`` (redirects not followed), logged in as the demo user of ``role``.

    The session is opened with the foundation's ``open_session`` (the same rows and cookie the
    login form makes) unless ``via_form``: every form login costs an argon2 verification, and
    the login form itself is tested in test_admin_auth.py.
    """
    client = TestClient(app, follow_redirects=False)
    if role is None:
        return client
    if via_form:
        answer = login(client, role, demo.passwords[role][1])
        assert answer.status_code == 303, answer.text
        return client
    hub = app.state.hub
    with writing(hub.engine) as conn:
        user_id = conn.execute(select(users.c.id).where(users.c.username == role)).scalar_one()
        session, _csrf = open_session(conn, user_id=user_id, settings=hub.settings)
    client.cookies.set(SESSION_COOKIE, session)
    return client


def post_form(client: TestClient, page_url: str, action: str, data: dict | None = None, files=None):
    """Open ``page_url`` (for its CSRF token) and post ``data`` (+ ``files``) to ``action``."""
    page = client.get(page_url)
    assert page.status_code == 200, page.text
    return client.post(action, data={"csrf": csrf_of(page.text), **(data or {})}, files=files)


# Tables of bad input run on SQLite only: the database plays no part in what they check, and every
# login costs an argon2 verification (~0.4 s here). Round trips run on both databases.
sqlite_only = pytest.mark.parametrize("hub_env", ["sqlite"], indirect=True)
