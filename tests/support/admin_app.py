"""Fixtures for the staff admin tests: an in-process hub on a temp SQLite file, seeded with the
small demo of :mod:`tests.support.hub_demo_fixture`, with one user per role (password = PASSWORD)
and helpers to log in and to read the CSRF token of a page."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from hub.core.config import HubSettings
from hub.core.db import make_engine, writing
from hub.core.migrate import upgrade
from hub.core.security import generate_signing_key
from hub.crud.demo import seed_demo
from hub.crud.users import create_user
from hub.main import create_app
from tests.support import hub_demo_fixture

PASSWORD = "correct-horse-9"
ROLE_USERS = {"admin": "boss", "editor": "ed", "adviser": "advi", "viewer": "vera"}
CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class AdminHub:
    app: object
    settings: HubSettings
    engine: object
    codes: dict

    def client(self, role: str | None = None) -> TestClient:
        client = TestClient(self.app, follow_redirects=False)
        if role is not None:
            login(client, ROLE_USERS[role], PASSWORD)
        return client


def csrf_of(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def login(client: TestClient, username: str, password: str, *, client_next: str = "/admin"):
    page = client.get("/admin/login")
    answer = client.post("/admin/login", data={"username": username, "password": password,
                                               "csrf": csrf_of(page.text), "next": client_next})
    return answer


def post_form(client: TestClient, page_url: str, action: str, data: dict, files=None):
    """Open ``page_url`` (for its CSRF token) and post ``data`` to ``action``."""
    page = client.get(page_url)
    assert page.status_code == 200, page.text
    return client.post(action, data={"csrf": csrf_of(page.text), **data}, files=files)


def build_admin_hub(tmp_path, **overrides) -> AdminHub:
    settings = HubSettings.from_env({"HUB_DATA": str(tmp_path / "hub")}, **overrides)
    engine = make_engine(settings)
    upgrade(engine)
    generate_signing_key(settings)
    with writing(engine) as conn:
        result = seed_demo(conn, hub_demo_fixture)
        for role, username in ROLE_USERS.items():
            create_user(conn, username=username, password=PASSWORD, role=role, display_name=f"示例{username}",
                        adviser_id="adv-a" if role == "adviser" else None)
    return AdminHub(app=create_app(settings, engine=engine), settings=settings, engine=engine, codes=result.codes)


@pytest.fixture
def admin_hub(tmp_path) -> AdminHub:
    hub = build_admin_hub(tmp_path)
    yield hub
    hub.engine.dispose()
