"""Enrollment and signed content sync between the real kiosk CLI and a real hub process.

A hostile network is a proxy in front of the real hub that flips bytes, cuts bodies, re-signs with
another key or replays an older answer; every time, the old content must stay as it was and a
``sync_rejected`` event must reach the hub."""

import base64
import json
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.outbox import Outbox
from tests.support.e2e_steps import (
    edit_guide,
    enroll,
    fingerprint,
    hub_rows,
    integrity,
    kiosk_cli,
    sync,
    sync_here,
)
from tests.support.fake_http import Reply
from tests.support.tamper_proxy import TamperProxy

pytestmark = pytest.mark.e2e


@pytest.fixture
def kiosk(hub, tmp_path):
    data = tmp_path / "kiosk"
    enroll(hub, data, cli=False)
    return data


def first_article(data):
    import sqlite3

    with sqlite3.connect(data / "content.db") as db:
        return db.execute("SELECT id, title FROM articles ORDER BY id LIMIT 1").fetchone()


def test_enroll_sync_edit_sync_shows_the_change(hub, tmp_path):
    data = tmp_path / "kiosk"
    shown = enroll(hub, data)
    assert shown["hub_url"] == hub.base_url and "token" not in shown
    assert stat.S_IMODE((data / "enrollment.json").stat().st_mode) == 0o600
    first = sync(data)
    assert first["status"] == "updated" and first["content_version"] >= 1 and not first["stale"]
    article_id, title = first_article(data)
    again = sync(data)
    assert again["status"] == "unchanged"
    import sqlite3

    with sqlite3.connect(data / "content.db") as db:
        shown = dict(
            db.execute(
                "SELECT key, value FROM meta WHERE key IN ('last_sync_at', 'content_updated_at')"
            )
        )
    assert set(shown) == {"last_sync_at", "content_updated_at"}  # what the maintenance screen shows

    new_title = title + "（修订）"
    version = edit_guide(
        hub, article_id, title=new_title, body="修订后的示例正文：先协商，再调解，最后起诉。"
    )
    result = sync(data)
    assert (result["status"], result["content_version"]) == ("updated", version)
    assert first_article(data) == (article_id, new_title)
    found = json.loads(kiosk_cli(data, "search", "修订", "--json").stdout)
    assert article_id in [row["id"] for row in found["results"]]


def flip(reply: Reply) -> Reply:
    body = bytearray(reply.body)
    body[len(body) // 2] ^= 0x01
    return Reply(reply.status, bytes(body), reply.headers)


def resign(reply: Reply) -> Reply:
    other = Ed25519PrivateKey.generate()
    return Reply(
        reply.status,
        reply.body,
        {**reply.headers, "X-Signature": base64.b64encode(other.sign(reply.body)).decode()},
    )


def cut_short_declared(reply: Reply) -> Reply:
    return Reply(reply.status, reply.body, reply.headers, cut_to=len(reply.body) // 2)


def cut_short_consistent(reply: Reply) -> Reply:
    return Reply(reply.status, reply.body[: len(reply.body) // 2], reply.headers)


def unsigned(reply: Reply) -> Reply:
    return Reply(
        reply.status, reply.body, {k: v for k, v in reply.headers.items() if k != "X-Signature"}
    )


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (flip, "bad_signature"),
        (resign, "bad_signature"),
        (cut_short_declared, "truncated"),
        (cut_short_consistent, "bad_signature"),
        (unsigned, "unsigned"),
    ],
    ids=["tampered", "wrong-key", "truncated", "truncated-consistent", "unsigned"],
)
def test_hostile_answers_change_nothing(hub, kiosk, mutate, reason):
    sync_here(kiosk, hub.base_url)
    before = fingerprint(kiosk)
    article_id, title = first_article(kiosk)
    edit_guide(hub, article_id, title=title + "·改")

    def hostile(path, reply):
        return mutate(reply) if path == "/api/v1/content" and reply.status == 200 else reply

    with TamperProxy(hub.base_url, hostile) as proxy:
        result = sync_here(kiosk, proxy.url)
    assert (result["status"], result["reason"]) == ("rejected", reason), (
        result,
        [(p, r.status) for p, r in proxy.seen],
    )
    assert fingerprint(kiosk) == before and integrity(kiosk) == "ok"
    assert result["last_error"].startswith(reason)
    # The next poll, on an honest network, takes the update; the rejection reaches the hub.
    after = sync_here(kiosk, hub.base_url)
    assert after["status"] == "updated" and first_article(kiosk)[1] == title + "·改"
    reasons = [
        json.loads(p)["reason"]
        for (p,) in hub_rows(hub, "SELECT props FROM events WHERE type = 'sync_rejected'")
    ]
    assert reason in reasons


def test_replayed_older_version_is_a_rollback(hub, kiosk):
    recorded = {}

    def record(path, reply):
        if path == "/api/v1/content" and reply.status == 200:
            recorded.setdefault("first", reply)
        return reply

    with TamperProxy(hub.base_url, record) as proxy:
        sync_here(kiosk, proxy.url)
    article_id, title = first_article(kiosk)
    edit_guide(hub, article_id, title=title + "·新")
    sync_here(kiosk, hub.base_url)
    before = fingerprint(kiosk)

    with TamperProxy(
        hub.base_url, lambda path, reply: recorded["first"] if path == "/api/v1/content" else reply
    ) as proxy:
        result = sync_here(kiosk, proxy.url)
    assert (result["status"], result["reason"]) == ("rejected", "rollback")
    assert fingerprint(kiosk) == before


def test_oversize_answer_is_refused_within_the_limit(hub, kiosk):
    result = sync_here(kiosk, hub.base_url, max_body_bytes="2048")
    assert (result["status"], result["reason"], result["content_version"]) == (
        "rejected",
        "oversize",
        0,
    )
    assert [
        i for i in Outbox.open(kiosk).items() if i.payload.get("type") == "sync_rejected"
    ] == []  # delivered
    reasons = [
        json.loads(p)["reason"]
        for (p,) in hub_rows(hub, "SELECT props FROM events WHERE type = 'sync_rejected'")
    ]
    assert "oversize" in reasons


def test_a_kiosk_pinned_to_another_key_refuses_the_hub(hub, kiosk):
    path = kiosk / "enrollment.json"
    enrollment = json.loads(path.read_text())
    other = Ed25519PrivateKey.generate().public_key()
    from cryptography.hazmat.primitives import serialization

    enrollment["public_key"] = base64.b64encode(
        other.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    ).decode()
    path.write_text(json.dumps(enrollment))
    result = sync_here(kiosk, hub.base_url)
    assert (result["status"], result["reason"], result["content_version"]) == (
        "rejected",
        "bad_signature",
        0,
    )
