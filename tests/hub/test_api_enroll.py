"""POST /enroll: one-time codes, hashed tokens, revocation, token scope."""

from sqlalchemy import select

from hub.core.db import reading, writing
from hub.core.security import secret_hash
from hub.crud.terminals import revoke_terminal
from hub.models.tables import enrollment_codes, terminal_tokens, terminals
from tests.support.hub_demo_fixture import DEMO_TERMINALS
from tests.support.hub_terminals import enroll

FIRST = DEMO_TERMINALS[0]["name"]


def test_code_gives_token_and_public_key(client, demo, hub_env):
    answer = enroll(client, demo.codes[FIRST])
    assert set(answer) == {"terminal_id", "token", "public_key"}
    assert answer["public_key"] == hub_env.settings.public_key_path.read_text().strip()
    with reading(hub_env.engine) as conn:
        stored = conn.execute(select(terminal_tokens.c.token_hash)).scalars().all()
        codes = conn.execute(select(enrollment_codes.c.code_hash)).scalars().all()
    assert stored == [secret_hash(answer["token"])]  # only the hash is kept
    assert secret_hash(demo.codes[FIRST]) in codes and demo.codes[FIRST] not in codes


def test_code_works_once(client, demo):
    enroll(client, demo.codes[FIRST])
    again = client.post("/api/v1/enroll", json={"code": demo.codes[FIRST]})
    assert again.status_code == 403
    assert again.json() == {"detail": "enrollment code is unknown, used or expired"}


def test_code_is_case_and_dash_tolerant(client, demo):
    code = demo.codes[FIRST]
    assert (
        client.post("/api/v1/enroll", json={"code": f"{code[:5].lower()}-{code[5:]}"}).status_code
        == 200
    )


def test_unknown_code_and_unknown_field(client):
    assert (
        client.post("/api/v1/enroll", json={"code": "ZZZZZZZZZZ"}).json()["detail"]
        == "enrollment code is unknown, used or expired"
    )
    bad = client.post("/api/v1/enroll", json={"code": "ZZZZZZZZZZ", "admin": True})
    assert bad.status_code == 422
    assert bad.json()["detail"] == "admin: Extra inputs are not permitted"


def test_missing_and_wrong_token(client, demo):
    missing = client.get("/api/v1/content")
    assert (missing.status_code, missing.json()["detail"]) == (401, "missing bearer token")
    wrong = client.get("/api/v1/content", headers={"Authorization": "Bearer nope"})
    assert (wrong.status_code, wrong.json()["detail"]) == (401, "unknown or revoked token")


def test_revoked_terminal_stops_at_once(client, terminal, hub_env):
    assert (
        client.post(
            "/api/v1/heartbeat",
            headers=terminal["headers"],
            json={"version": "1.0", "content_version": 0, "queue": 0},
        ).status_code
        == 200
    )
    with writing(hub_env.engine) as conn:
        revoke_terminal(conn, terminal_id=terminal["terminal_id"])
    after = client.post(
        "/api/v1/heartbeat",
        headers=terminal["headers"],
        json={"version": "1.0", "content_version": 0, "queue": 0},
    )
    assert (after.status_code, after.json()["detail"]) == (401, "unknown or revoked token")


def test_re_enrolling_replaces_the_old_token(client, terminal, hub_env):
    with writing(hub_env.engine) as conn:
        from hub.crud.terminals import new_enrollment_code

        code = new_enrollment_code(conn, terminal_id=terminal["terminal_id"], issued_by="admin")
    fresh = enroll(client, code)
    assert fresh["terminal_id"] == terminal["terminal_id"]
    assert client.get("/api/v1/content", headers=terminal["headers"]).status_code == 401
    assert (
        client.get(
            "/api/v1/content", headers={"Authorization": f"Bearer {fresh['token']}"}
        ).status_code
        == 200
    )


def test_revoking_voids_every_outstanding_code(client, demo, hub_env, caplog):
    """A code issued before the revocation never works again; enrolling does not lift it."""
    from hub.crud.terminals import new_enrollment_code

    first = enroll(client, demo.codes[FIRST])
    with writing(hub_env.engine) as conn:
        spare = new_enrollment_code(conn, terminal_id=first["terminal_id"], issued_by="admin")
        revoke_terminal(conn, terminal_id=first["terminal_id"], revoked_by="admin")
    refused = client.post("/api/v1/enroll", json={"code": spare})
    assert (refused.status_code, refused.json()["detail"]) == (
        403,
        "enrollment code is unknown, used or expired",
    )
    with reading(hub_env.engine) as conn:
        assert conn.execute(
            select(terminals.c.revoked_at).where(terminals.c.id == first["terminal_id"])
        ).scalar_one()
    with caplog.at_level("WARNING", logger="hub.crud.terminals"), writing(hub_env.engine) as conn:
        fresh = new_enrollment_code(conn, terminal_id=first["terminal_id"], issued_by="admin")
    again = enroll(client, fresh)
    assert again["terminal_id"] == first["terminal_id"]
    with reading(hub_env.engine) as conn:
        assert (
            conn.execute(
                select(terminals.c.revoked_at).where(terminals.c.id == first["terminal_id"])
            ).scalar_one()
            is None
        )
    logged = [r.getMessage() for r in caplog.records]
    assert any("issued by admin" in line for line in logged)
    assert any(
        "re-enrolled with a code issued by admin after its revocation" in line for line in logged
    )
