"""Key rotation between a real hub process and the real kiosk CLI (issue 15, finding 3).

The operator announces a next key with ``legal-hub key announce``; terminals pin it as they poll
(the link is signed by the key they hold) and say so in their heartbeat; ``legal-hub key switch``
refuses while one lags; after the switch a terminal takes the new key with its next poll, and
from then on anything signed by the old key is refused — a network that still holds the old
key cannot feed it content. A terminal that slept through the announcement follows the link the
hub keeps from its previous key; once that key is forgotten, it has to be enrolled again.
"""

from __future__ import annotations

import base64
import json
import time

import pytest
from cryptography.hazmat.primitives import serialization

from contract.freshness import signed_message as statement_message
from contract.key_link import key_id
from tests.support.e2e_steps import edit_guide, enroll, fingerprint, hub_rows, kiosk_cli, sync
from tests.support.fake_http import Reply
from tests.support.hub_process import hub_process, run_cli
from tests.support.tamper_proxy import TamperProxy

pytestmark = pytest.mark.e2e

RELOAD_WAIT_S = 1.3  # hub processes re-read the key files at most every second


@pytest.fixture(scope="module")
def rotating_hub(tmp_path_factory):
    """A hub of its own: its keys change in this module."""
    with hub_process(tmp_path_factory.mktemp("rotating-hub")) as running:
        yield running


def key_cli(hub, *args: str, check: bool = True):
    result = run_cli("key", *args, env=hub.env, check=False)
    if check:
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])
    return result


def pinned(data) -> dict:
    return json.loads((data / "enrollment.json").read_text(encoding="utf-8"))


def terminal_keys(hub, name: str) -> tuple:
    [row] = hub_rows(hub, "SELECT key_id, next_key_id FROM terminals WHERE name = ?", (name,))
    return row


def private_key(path):
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def signed_with(key):
    """A network holding ``key``: every content answer and statement re-signed with it."""

    def mutate(path, reply: Reply) -> Reply:
        if path != "/api/v1/content":
            return reply
        headers = dict(reply.headers)
        raw = base64.b64decode(headers["X-Content-Timestamp"])
        headers["X-Content-Timestamp-Signature"] = base64.b64encode(
            key.sign(statement_message(raw))
        ).decode()
        if reply.status == 200:
            headers["X-Signature"] = base64.b64encode(key.sign(reply.body)).decode()
        return Reply(reply.status, reply.body, headers)

    return mutate


def first_title(hub) -> tuple[str, str]:
    [(article_id, title)] = hub_rows(hub, "SELECT id, title FROM articles ORDER BY id LIMIT 1")
    return article_id, title


def test_a_rotation_reaches_every_terminal_and_retires_the_old_key(rotating_hub, tmp_path):
    hub = rotating_hub
    awake, asleep, forgotten = (tmp_path / name for name in ("awake", "asleep", "forgotten"))
    names = hub.terminals[:3]
    for data, name in zip((awake, asleep, forgotten), names, strict=True):
        enroll(hub, data, name)
        assert sync(data)["status"] == "updated"
    old = key_cli(hub, "status")["current"]
    assert terminal_keys(hub, names[0]) == (old["key_id"], None)
    assert pinned(awake)["public_key"] == old["public_key"]

    announced = key_cli(hub, "announce")
    assert announced["created"] is True and announced["next"]["key_id"] != old["key_id"]
    assert key_cli(hub, "announce")["created"] is False  # one rotation at a time
    new = announced["next"]
    time.sleep(RELOAD_WAIT_S)

    # Nobody has pinned the next key yet: the switch is refused and names who lags.
    refused = key_cli(hub, "switch", check=False)
    assert refused.returncode == 1 and names[0] in refused.stderr

    # The awake terminal polls: it pins the next key and its heartbeat says so.
    assert sync(awake)["status"] == "unchanged"
    assert pinned(awake)["next_public_key"] == new["public_key"]
    assert pinned(awake)["public_key"] == old["public_key"]  # still the old one until the switch
    assert terminal_keys(hub, names[0]) == (old["key_id"], new["key_id"])
    lagging = [row["name"] for row in key_cli(hub, "status")["lagging"]]
    assert names[0] not in lagging and set(names[1:]) <= set(lagging)

    # The others sleep through the announcement; the operator switches anyway.
    switched = key_cli(hub, "switch", "--force")
    assert switched["current"] == new["key_id"] and switched["forced"] is True
    assert key_cli(hub, "status")["previous"]["key_id"] == old["key_id"]
    time.sleep(RELOAD_WAIT_S)

    article_id, title = first_title(hub)
    version = edit_guide(hub, article_id, title=title + "（新钥）")
    result = sync(awake)
    assert (result["status"], result["content_version"]) == ("updated", version)
    state = pinned(awake)
    assert state["public_key"] == new["public_key"] and state["next_public_key"] == ""
    assert state["replaced_keys"] == [old["public_key"]]
    assert terminal_keys(hub, names[0]) == (new["key_id"], None)
    # An installer-written hub.public_key (the old key) still agrees: the terminal rotated from it.
    doctor = kiosk_cli(
        awake, "doctor", "--json", check=False, LEGAL_KIOSK_HUB_PUBLIC_KEY=old["public_key"]
    )
    checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
    assert checks["hub_key"]["ok"], checks["hub_key"]

    # The old key no longer works on this terminal, whoever holds it.
    previous = private_key(hub.data_dir / "keys" / "hub_previous_ed25519.pem")
    edit_guide(hub, article_id, title=title + "（又改）")
    before = fingerprint(awake)
    with TamperProxy(hub.base_url, signed_with(previous)) as proxy:
        refused_sync = sync(awake, proxy.url, check=False)
    assert (refused_sync["status"], refused_sync["reason"]) == ("rejected", "bad_signature")
    assert fingerprint(awake) == before

    # The sleeper follows the link the hub keeps from its previous key.
    late = sync(asleep)
    assert (late["status"], late["content_version"]) == ("updated", version + 1)
    assert pinned(asleep)["public_key"] == new["public_key"]
    assert key_id(pinned(asleep)["public_key"]) == new["key_id"]

    # Forgotten: without the link a terminal still on the old key cannot follow.
    assert key_cli(hub, "forget-previous") == {"forgotten": old["key_id"]}
    time.sleep(RELOAD_WAIT_S)
    stuck = sync(forgotten, check=False)
    assert (stuck["status"], stuck["reason"]) == ("rejected", "bad_signature")
    assert pinned(forgotten)["public_key"] == old["public_key"]
    # … and enrolling it again pins the new key (a new terminal gets the new key at once).
    again = enroll(hub, tmp_path / "re-enrolled", names[2])
    assert again["public_key"] == new["public_key"]


def test_a_link_signed_by_another_key_is_ignored(rotating_hub, tmp_path):
    """A forged announcement (not signed by the pinned key) pins nothing."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from contract.key_link import LINK_HEADER, LINK_SIGNATURE_HEADER, link_bytes, signed_message

    hub = rotating_hub
    data = tmp_path / "kiosk"
    enroll(hub, data, hub.terminals[3])
    current = pinned(data)["public_key"]
    forger = Ed25519PrivateKey.generate()
    forged_to = base64.b64encode(
        forger.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    ).decode()
    raw = link_bytes(from_key_id=key_id(current), to_public_key=forged_to)

    def forge(path, reply: Reply) -> Reply:
        if path != "/api/v1/content":
            return reply
        headers = {
            **reply.headers,
            LINK_HEADER: base64.b64encode(raw).decode(),
            LINK_SIGNATURE_HEADER: base64.b64encode(forger.sign(signed_message(raw))).decode(),
        }
        return Reply(reply.status, reply.body, headers)

    with TamperProxy(hub.base_url, forge) as proxy:
        assert sync(data, proxy.url)["status"] == "updated"
    assert pinned(data)["next_public_key"] == ""
    # and content signed by the forger is refused, as before
    article_id, title = first_title(hub)
    edit_guide(hub, article_id, title=title + "（伪）")
    with TamperProxy(hub.base_url, signed_with(forger)) as proxy:
        result = sync(data, proxy.url, check=False)
    assert (result["status"], result["reason"]) == ("rejected", "bad_signature")
