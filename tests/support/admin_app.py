"""Helpers for the staff admin tests (``tests/hub/test_admin_*.py``).

The hub fixtures of ``tests/hub/conftest.py`` give a seeded database (SQLite, and PostgreSQL when
reachable) with one demo user per role; :func:`staff_client` logs one of them in through the real
login form, :func:`post_form` submits a form with the CSRF token read from its page.
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

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
    return client.post("/admin/login", data={"username": username, "password": password,
                                              "csrf": csrf_of(page.text), "next": next_url})


def staff_client(app, demo, role: str | None) -> TestClient:
    """A client of ``app`` (redirects not followed), logged in as the demo user of ``role``."""
    client = TestClient(app, follow_redirects=False)
    if role is not None:
        answer = login(client, role, demo.passwords[role][1])
        assert answer.status_code == 303, answer.text
    return client


def post_form(client: TestClient, page_url: str, action: str, data: dict | None = None, files=None):
    """Open ``page_url`` (for its CSRF token) and post ``data`` (+ ``files``) to ``action``."""
    page = client.get(page_url)
    assert page.status_code == 200, page.text
    return client.post(action, data={"csrf": csrf_of(page.text), **(data or {})}, files=files)
