"""GET /content: signed changes since a version, ETag/304, drafts never sent."""

import base64
import json
import time

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import update

from contract.freshness import parse_statement, signed_message
from hub.core.db import writing
from hub.crud.publish import publish
from hub.models.tables import articles, institutions
from tests.support.zones import SHANGHAI


def verified(answer, public_key: str) -> dict:
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
    key.verify(
        base64.b64decode(answer.headers["X-Signature"]), answer.content
    )  # raises if tampered
    return json.loads(answer.content)


def test_full_content_from_zero_is_signed(client, terminal, demo):
    answer = client.get("/api/v1/content?since=0", headers=terminal["headers"])
    assert answer.status_code == 200
    body = verified(answer, terminal["public_key"])
    assert body["version"] == demo.version == 1 and body["since"] == 0
    changes = body["changes"]
    assert sorted(changes) == [
        "advisers",
        "announcements",
        "articles",
        "categories",
        "institutions",
    ]
    assert sorted(a["id"] for a in changes["articles"]["upsert"]) == ["art-divorce", "art-wages"]
    assert changes["advisers"]["upsert"][0]["duty_hours"][0] == {
        "weekday": 0,
        "start": "08:00",
        "end": "20:00",
    }
    assert answer.headers["ETag"] == '"c1-s0"'


def test_etag_and_up_to_date_answer_304(client, terminal):
    same = client.get(
        "/api/v1/content?since=0", headers={**terminal["headers"], "If-None-Match": '"c1-s0"'}
    )
    assert (same.status_code, same.content) == (304, b"")
    current = client.get("/api/v1/content?since=1", headers=terminal["headers"])
    assert current.status_code == 304 and current.headers["ETag"] == '"c1-s1"'


def test_since_newer_than_hub_and_bad_since(client, terminal):
    ahead = client.get("/api/v1/content?since=9", headers=terminal["headers"])
    assert (ahead.status_code, ahead.json()["detail"]) == (
        409,
        "since 9 is newer than the hub's content version 1",
    )
    bad = client.get("/api/v1/content?since=-1", headers=terminal["headers"])
    assert (bad.status_code, bad.json()["detail"]) == (
        422,
        "query.since: Input should be greater than or equal to 0",
    )


def test_changes_since_a_version_hold_only_what_changed(client, terminal, hub_env):
    with writing(hub_env.engine) as conn:
        conn.execute(update(articles).where(articles.c.id == "art-wages").values(status="draft"))
        conn.execute(
            update(institutions)
            .where(institutions.c.id == "inst-aid")
            .values(phone="028-0000-0999")
        )
        assert publish(conn, zone=SHANGHAI) == 2
        assert publish(conn, zone=SHANGHAI) is None  # nothing changed since
    answer = client.get("/api/v1/content?since=1", headers=terminal["headers"])
    body = verified(answer, terminal["public_key"])
    assert body["version"] == 2
    assert body["changes"] == {
        "institutions": {"upsert": [body["changes"]["institutions"]["upsert"][0]], "delete": []},
        "articles": {"upsert": [], "delete": ["art-wages"]},
    }
    assert body["changes"]["institutions"]["upsert"][0]["phone"] == "028-0000-0999"
    full = verified(
        client.get("/api/v1/content?since=0", headers=terminal["headers"]), terminal["public_key"]
    )
    assert [a["id"] for a in full["changes"]["articles"]["upsert"]] == [
        "art-divorce"
    ]  # drafts never sent


def test_tampered_body_fails_verification(client, terminal):
    answer = client.get("/api/v1/content?since=0", headers=terminal["headers"])
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(terminal["public_key"]))
    tampered = answer.content.replace("婚姻".encode(), "婚烟".encode())
    try:
        key.verify(base64.b64decode(answer.headers["X-Signature"]), tampered)
    except Exception as exc:  # noqa: BLE001 - InvalidSignature is what we expect
        assert type(exc).__name__ == "InvalidSignature"
    else:
        raise AssertionError("tampered content verified")


def test_every_answer_carries_a_signed_expiring_statement(client, terminal):
    """200 and 304 alike: ``{version, issued_at, expires_at}`` signed by the content key."""
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(terminal["public_key"]))
    full = client.get("/api/v1/content?since=0", headers=terminal["headers"])
    none_newer = client.get("/api/v1/content?since=1", headers=terminal["headers"])
    assert (full.status_code, none_newer.status_code) == (200, 304)
    for answer in (full, none_newer):
        raw, statement = parse_statement(answer.headers["X-Content-Timestamp"])
        key.verify(
            base64.b64decode(answer.headers["X-Content-Timestamp-Signature"]),
            signed_message(raw),
        )
        assert statement["version"] == 1
        assert statement["issued_at"] <= time.time() + 1 < statement["expires_at"]
        assert statement["expires_at"] - statement["issued_at"] == 86_400
