"""The terminal's side of a key rotation: which links it follows, when it switches, what it keeps.

Pure checks on :class:`KeyPins`, the stored pins in ``enrollment.json`` (older files without
them still load), and the config/doctor agreeing with a key the terminal rotated away from.
"""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contract.key_link import key_id, link_bytes, signed_message
from kiosk.config import load_config
from kiosk.doctor.probes import hub_identity
from kiosk.hublink.enrollment import (
    Enrollment,
    config_key_agrees,
    load_enrollment,
    save_enrollment,
    save_pins,
)
from kiosk.hublink.key_pins import KeyPins


def public_of(private: Ed25519PrivateKey) -> str:
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return base64.b64encode(raw).decode()


OLD, NEW, STRANGER = (Ed25519PrivateKey.generate() for _ in range(3))


def link(signer, source_public: str, target_public: str) -> tuple[str, str]:
    raw = link_bytes(from_key_id=key_id(source_public), to_public_key=target_public)
    return (
        base64.b64encode(raw).decode(),
        base64.b64encode(signer.sign(signed_message(raw))).decode(),
    )


def pins_for(current=OLD, next_key: str = "", changes=None) -> KeyPins:
    public = public_of(current)
    record = (lambda *args: changes.append(args)) if changes is not None else None
    return KeyPins(public, next_key, on_change=record)


def test_a_link_from_the_pinned_key_pins_the_next_one_once():
    changes: list = []
    pins = pins_for(changes=changes)
    header, signature = link(OLD, public_of(OLD), public_of(NEW))
    assert pins.take_link(header, signature) is True
    assert pins.take_link(header, signature) is False  # already pinned: nothing new
    assert (pins.current, pins.next, pins.next_id) == (
        public_of(OLD),
        public_of(NEW),
        key_id(public_of(NEW)),
    )
    assert changes == [(public_of(OLD), public_of(NEW), None)]


@pytest.mark.parametrize(
    "forged",
    [
        link(STRANGER, public_of(OLD), public_of(STRANGER)),  # names our key, signed by another
        link(STRANGER, public_of(STRANGER), public_of(NEW)),  # from a key we do not hold
        ("not base64!", "AAAA"),
        (base64.b64encode(b'{"from":"x","to":"y"}').decode(), "AAAA"),
        (base64.b64encode(b"[]").decode(), "AAAA"),
        (link(OLD, public_of(OLD), public_of(NEW))[0], "bad signature"),
        ("A" * 5000, "AAAA"),
        (None, None),
        ("", ""),
    ],
    ids=[
        "other-signer",
        "other-source",
        "not-base64",
        "bad-fields",
        "not-object",
        "bad-signature",
        "huge",
        "absent",
        "empty",
    ],
)
def test_a_forged_or_malformed_link_pins_nothing(forged):
    changes: list = []
    pins = pins_for(changes=changes)
    assert pins.take_link(*forged) is False
    assert pins.next == "" and changes == []


def test_the_next_key_takes_over_and_the_old_one_is_refused_from_then_on():
    changes: list = []
    pins = pins_for(next_key=public_of(NEW), changes=changes)
    pins.verify(
        OLD.sign(b"before"), b"before"
    )  # the current pin works while the hub has not switched
    assert pins.current == public_of(OLD)
    pins.verify(NEW.sign(b"after"), b"after")  # the hub switched
    assert (pins.current, pins.next) == (public_of(NEW), "")
    assert changes == [(public_of(NEW), "", public_of(OLD))]
    with pytest.raises(InvalidSignature):
        pins.verify(OLD.sign(b"replayed"), b"replayed")
    with pytest.raises(InvalidSignature):
        pins.verify(STRANGER.sign(b"x"), b"x")


def test_without_a_next_key_only_the_current_one_verifies():
    pins = pins_for()
    with pytest.raises(InvalidSignature):
        pins.verify(NEW.sign(b"x"), b"x")
    assert pins.current == public_of(OLD)


def test_an_unreadable_stored_next_key_is_ignored():
    pins = pins_for(next_key="not a key")
    assert pins.next == "" and pins.next_id is None


def stored(tmp_path, **extra) -> Enrollment:
    enrollment = Enrollment("http://127.0.0.1:1", "t-1", "secret", public_of(OLD), 0.0, **extra)
    save_enrollment(tmp_path, enrollment)
    return enrollment


def test_pins_are_kept_in_the_enrollment_and_old_files_still_load(tmp_path):
    stored(tmp_path)
    path = tmp_path / "enrollment.json"
    raw = json.loads(path.read_text())
    for name in ("next_public_key", "replaced_keys"):
        raw.pop(name)
    path.write_text(json.dumps(raw))  # what a terminal enrolled before key rotation holds
    assert load_enrollment(tmp_path).replaced_keys == []
    save_pins(tmp_path, public_of(OLD), public_of(NEW), None)
    assert load_enrollment(tmp_path).next_public_key == public_of(NEW)
    save_pins(tmp_path, public_of(NEW), "", public_of(OLD))
    held = load_enrollment(tmp_path)
    assert (held.public_key, held.next_public_key, held.replaced_keys) == (
        public_of(NEW),
        "",
        [public_of(OLD)],
    )
    assert held.token == "secret" and path.stat().st_mode & 0o777 == 0o600


def test_a_config_key_the_terminal_rotated_away_from_still_agrees(tmp_path):
    enrollment = stored(tmp_path)
    save_pins(tmp_path, public_of(NEW), "", public_of(OLD))
    enrollment = load_enrollment(tmp_path)

    def config(key: str):
        return load_config(data_dir=tmp_path, environ={"LEGAL_KIOSK_HUB_PUBLIC_KEY": key})

    assert config_key_agrees(config(public_of(OLD)), enrollment)
    assert config_key_agrees(config(public_of(NEW)), enrollment)
    assert not config_key_agrees(config(public_of(STRANGER)), enrollment)
    who = hub_identity(config(public_of(OLD)))
    assert (who.public_key, who.key_conflict) == (public_of(NEW), False)
    assert hub_identity(config(public_of(STRANGER))).key_conflict is True
