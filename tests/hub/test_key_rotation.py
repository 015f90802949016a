"""Key rotation on the hub: announce, link headers, heartbeat key ids, switch, forget.

A running hub (the test client here) follows the key files another process changes; every
content answer carries the link while a rotation is under way; bodies signed with the old key
are never served after the switch; video links handed out before a switch keep working.
"""

from __future__ import annotations

import base64
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from contract.freshness import parse_statement
from contract.freshness import signed_message as statement_message
from contract.key_link import key_id, parse_link, signed_message
from hub.core import key_rotation, keyring
from hub.core.db import reading
from hub.core.keyring import KeyRing, read_keys
from hub.models.tables import terminals
from hub.video.tokens import TokenRefused, check_token, make_token, token_key
from tests.support.admin_app import staff_client

HEARTBEAT = {"version": "1.0", "content_version": 1, "queue": 0}


@pytest.fixture(autouse=True)
def instant_reload(monkeypatch):
    """Key files are re-read on every request (a running hub waits up to a second)."""
    monkeypatch.setattr(keyring, "RELOAD_S", 0.0)


def verify(public_key: str, signature: str, data: bytes) -> None:
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
    key.verify(base64.b64decode(signature), data)  # raises InvalidSignature


def poll(client, terminal, since=0):
    return client.get(f"/api/v1/content?since={since}", headers=terminal["headers"])


def test_no_link_header_until_a_key_is_announced(client, terminal):
    answer = poll(client, terminal)
    assert "X-Hub-Key-Link" not in answer.headers


def test_an_announced_key_is_linked_from_the_current_one_on_200_and_304(client, terminal, hub_env):
    current = terminal["public_key"]
    assert key_rotation.announce(hub_env.settings) is True
    assert key_rotation.announce(hub_env.settings) is False  # already announced: nothing changes
    following = key_rotation.status(hub_env.settings)["next"]
    for since in (0, 1):  # a 200 with a body, a 304
        answer = poll(client, terminal, since)
        assert answer.status_code in (200, 304)
        raw, source, target = parse_link(answer.headers["X-Hub-Key-Link"])
        assert (source, target) == (key_id(current), following["public_key"])
        verify(current, answer.headers["X-Hub-Key-Link-Signature"], signed_message(raw))
    # content is still signed with the current key until the switch
    raw_statement, _ = parse_statement(answer.headers["X-Content-Timestamp"])
    verify(
        current,
        answer.headers["X-Content-Timestamp-Signature"],
        statement_message(raw_statement),
    )


def test_heartbeats_record_the_pinned_key_ids_and_refuse_malformed_ones(client, terminal, hub_env):
    current = key_id(terminal["public_key"])
    beat = {**HEARTBEAT, "key_id": current, "next_key_id": "0123456789abcdef"}
    assert (
        client.post("/api/v1/heartbeat", json=beat, headers=terminal["headers"]).status_code == 200
    )
    with reading(hub_env.engine) as conn:
        row = conn.execute(
            terminals.select().where(terminals.c.id == terminal["terminal_id"])
        ).one()
    assert (row.key_id, row.next_key_id) == (current, "0123456789abcdef")
    for bad in ("XYZ", "0123456789ABCDEF", "0" * 17, 5, "<b>1234567890ab</b>"):
        refused = client.post(
            "/api/v1/heartbeat", json={**HEARTBEAT, "key_id": bad}, headers=terminal["headers"]
        )
        assert refused.status_code == 422, bad


def test_switch_is_refused_while_a_terminal_lags_then_signs_with_the_new_key(
    client, terminal, other_terminal, hub_env
):
    settings = hub_env.settings
    with pytest.raises(key_rotation.RotationError, match="no next key"):
        key_rotation.switch(settings, [])
    key_rotation.announce(settings)
    following = key_rotation.status(settings)["next"]
    old = terminal["public_key"]
    cached = poll(client, terminal)  # a signed body is cached for (since 0, version 1)
    verify(old, cached.headers["X-Signature"], cached.content)
    beat = {**HEARTBEAT, "key_id": key_id(old), "next_key_id": following["key_id"]}
    client.post("/api/v1/heartbeat", json=beat, headers=terminal["headers"])
    client.post(
        "/api/v1/heartbeat",
        json={**HEARTBEAT, "key_id": key_id(old)},
        headers=other_terminal["headers"],
    )
    with reading(hub_env.engine) as conn:
        lagging = key_rotation.lagging_terminals(conn, following["key_id"])
    assert [item.key_id for item in lagging] == [key_id(old)]  # only the other terminal
    with pytest.raises(key_rotation.RotationError, match="1 terminal"):
        key_rotation.switch(settings, lagging)
    assert key_rotation.switch(settings, lagging, force=True) == following["key_id"]

    after = poll(client, terminal)
    verify(following["public_key"], after.headers["X-Signature"], after.content)
    assert after.content == cached.content  # same body, never the one signed with the old key
    raw, source, target = parse_link(after.headers["X-Hub-Key-Link"])
    assert (source, target) == (key_id(old), following["public_key"])  # for late terminals
    verify(old, after.headers["X-Hub-Key-Link-Signature"], signed_message(raw))
    # a terminal enrolled now pins the new key at once
    assert settings.public_key_path.read_text().strip() == following["public_key"]

    assert key_rotation.forget_previous(settings) == key_id(old)
    assert "X-Hub-Key-Link" not in poll(client, terminal).headers
    assert key_rotation.forget_previous(settings) is None


def test_a_switch_stopped_half_way_can_be_run_again(hub_env):
    settings = hub_env.settings
    key_rotation.announce(settings)
    keys = read_keys(settings)
    # stopped after the previous key was written, before the next one was moved into place
    from hub.core import security

    security.write_private(settings.previous_signing_key_path, security.key_pem(keys.current))
    again = read_keys(settings)
    assert again.previous is None and again.next is not None  # previous == current: ignored
    assert key_rotation.switch(settings, []) == keys.next_id
    done = read_keys(settings)
    assert (done.current_id, done.previous_id, done.next) == (keys.next_id, keys.current_id, None)


def test_a_running_keyring_notices_the_files_change(hub_env):
    ring = KeyRing(hub_env.settings, clock=time.monotonic)
    first = ring.keys().current_id
    assert ring.link_headers() == {}
    key_rotation.announce(hub_env.settings)
    key_rotation.switch(hub_env.settings, [])
    assert ring.keys().current_id != first
    assert set(ring.link_headers()) == {"X-Hub-Key-Link", "X-Hub-Key-Link-Signature"}


def test_video_tokens_made_before_a_switch_still_open_the_room(client, hub_env):
    from datetime import UTC, datetime, timedelta

    hub = client.app.state.hub
    now = datetime.now(UTC)
    token = make_token(
        token_key(hub.signing_key), room="r1", role="resident", expires=now + timedelta(hours=1)
    )
    key_rotation.announce(hub_env.settings)
    key_rotation.switch(hub_env.settings, [])
    keys = [token_key(key) for key in hub.token_keys()]
    assert len(keys) == 2
    assert check_token(keys, token, room="r1", now=now) == "resident"
    key_rotation.forget_previous(hub_env.settings)
    with pytest.raises(TokenRefused):
        check_token([token_key(k) for k in hub.token_keys()], token, room="r1", now=now)


def test_the_admin_fleet_view_shows_who_lags(client, terminal, hub_env, demo):
    key_rotation.announce(hub_env.settings)
    old = key_id(terminal["public_key"])
    client.post("/api/v1/heartbeat", json={**HEARTBEAT, "key_id": old}, headers=terminal["headers"])
    admin = staff_client(client.app, demo, "admin")
    page = admin.get("/admin/terminals")
    assert page.status_code == 200 and page.text.count("未取得新密钥") == 1
    detail = admin.get(f"/admin/terminals/{terminal['terminal_id']}")
    assert old in detail.text and "未取得新密钥" in detail.text
    key_rotation.switch(hub_env.settings, [], force=True)
    assert "仍用旧密钥" in admin.get("/admin/terminals").text
