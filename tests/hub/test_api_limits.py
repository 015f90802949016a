"""Body size limit (413), per-token rate limit (429 + Retry-After), staff routes refuse terminal tokens."""

import hashlib
from typing import Annotated

import pytest
from fastapi import Depends
from fastapi.testclient import TestClient

from hub.api.deps import SESSION_COOKIE, CurrentStaff, StaffUser, require_roles
from hub.core.db import writing
from hub.crud.users import login
from hub.main import create_app
from hub.models.tables import media
from hub.models.types import utcnow


def app_with(hub_env, **changes):
    return create_app(hub_env.settings.model_copy(update=changes), engine=hub_env.engine)


def test_body_over_the_limit_is_413(hub_env, client, terminal):
    with TestClient(app_with(hub_env, max_body_bytes=1000)) as small:
        answer = small.post(
            "/api/v1/events",
            headers=terminal["headers"],
            content=b'{"events": [' + b" " * 2000 + b"]}",
        )
    assert (answer.status_code, answer.json()) == (
        413,
        {"detail": "request body is larger than 1000 bytes"},
    )


def test_chunked_body_over_the_limit_is_413(hub_env, terminal, demo):
    def chunks():
        for _ in range(10):
            yield b" " * 500

    with TestClient(app_with(hub_env, max_body_bytes=1000)) as small:
        answer = small.post("/api/v1/events", headers=terminal["headers"], content=chunks())
    assert answer.status_code == 413


def test_rate_limit_answers_429_with_retry_after(hub_env, terminal):
    with TestClient(app_with(hub_env, rate_limit_per_minute=6, rate_limit_burst=2)) as limited:
        codes = [
            limited.get("/api/v1/content?since=1", headers=terminal["headers"]) for _ in range(3)
        ]
    assert [c.status_code for c in codes] == [304, 304, 429]
    assert codes[2].json() == {"detail": "too many requests, slow down"}
    assert codes[2].headers["Retry-After"] == "10"


@pytest.fixture
def staff_app(hub_env, demo):
    app = create_app(hub_env.settings, engine=hub_env.engine)

    @app.get("/admin/probe")
    def probe(staff: CurrentStaff):
        return {"user": staff.username, "role": staff.role}

    @app.get("/admin/editors-only")
    def editors_only(staff: Annotated[StaffUser, Depends(require_roles("admin", "editor"))]):
        return {"ok": True}

    with TestClient(app) as test_client:
        yield test_client


def session_for(hub_env, demo, user):
    with writing(hub_env.engine) as conn:
        result = login(
            conn,
            username=user,
            password=demo.passwords[user][1],
            client="test",
            settings=hub_env.settings,
        )
    assert result.ok
    return result.session


def test_staff_routes_refuse_terminal_tokens(staff_app, terminal):
    answer = staff_app.get("/admin/probe", headers=terminal["headers"])
    assert (answer.status_code, answer.json()) == (
        403,
        {"detail": "staff routes do not accept terminal tokens"},
    )
    anonymous = staff_app.get("/admin/probe")
    assert (anonymous.status_code, anonymous.json()) == (401, {"detail": "login required"})


def test_staff_session_and_roles(staff_app, hub_env, demo):
    viewer = session_for(hub_env, demo, "viewer")
    staff_app.cookies.set(SESSION_COOKIE, viewer)
    assert staff_app.get("/admin/probe").json() == {"user": "viewer", "role": "viewer"}
    refused = staff_app.get("/admin/editors-only")
    assert (refused.status_code, refused.json()) == (403, {"detail": "your role may not do this"})
    staff_app.cookies.set(SESSION_COOKIE, session_for(hub_env, demo, "editor"))
    assert staff_app.get("/admin/editors-only").json() == {"ok": True}


def test_login_locks_out_after_repeated_failures(hub_env, demo):
    settings = hub_env.settings
    with writing(hub_env.engine) as conn:
        reasons = [
            login(conn, username="admin", password="wrong", client="t", settings=settings).reason
            for _ in range(settings.login_max_failures)
        ]
        locked = login(
            conn,
            username="admin",
            password=demo.passwords["admin"][1],
            client="t",
            settings=settings,
        )
    assert reasons == ["bad_credentials"] * settings.login_max_failures
    assert (locked.ok, locked.reason) == (False, "locked")


def test_media_by_hash(client, terminal, hub_env):
    data = b"\x89PNG\r\n\x1a\n" + b"demo" * 10
    sha = hashlib.sha256(data).hexdigest()
    hub_env.settings.media_dir.mkdir(parents=True, exist_ok=True)
    (hub_env.settings.media_dir / sha).write_bytes(data)
    with writing(hub_env.engine) as conn:
        conn.execute(
            media.insert().values(
                id=sha, mime="image/png", size=len(data), name="x.png", created_at=utcnow()
            )
        )
    answer = client.get(f"/api/v1/media/{sha}", headers=terminal["headers"])
    assert (answer.status_code, answer.content, answer.headers["content-type"]) == (
        200,
        data,
        "image/png",
    )
    missing = client.get(f"/api/v1/media/{'0' * 64}", headers=terminal["headers"])
    assert (missing.status_code, missing.json()) == (404, {"detail": "no such media"})
    bad = client.get("/api/v1/media/XYZ", headers=terminal["headers"])
    assert (bad.status_code, bad.json()["detail"]) == (
        422,
        "path.sha256: String should match pattern '^[0-9a-f]{64}$'",
    )
    assert client.get(f"/api/v1/media/{sha}").status_code == 401
