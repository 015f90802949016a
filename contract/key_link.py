"""Key rotation: the hub's signed announcement of the key that follows the one a terminal pinned.

A terminal pins the hub's Ed25519 key at enrollment. To replace it without re-enrolling every
terminal, the hub first *announces* its next key, signed by the current one, on every
``GET /content`` answer (``200`` and ``304``):

- ``X-Hub-Key-Link``: base64 of compact JSON ``{"from": KEY_ID, "to": PUBLIC_KEY}`` — the key
  id of the signing key and the raw 32-byte public key (base64) that follows it;
- ``X-Hub-Key-Link-Signature``: base64 Ed25519 by the ``from`` key over :data:`SIGNING_CONTEXT`
  + those bytes (the context keeps a link from ever passing as content or a timestamp).

A terminal takes a link only when ``from`` is the key it has pinned and the signature verifies
with that key; it then pins ``to`` as its next key. When the hub switches, answers verify with
the next key only, and the terminal makes it current and forgets the old one for good. After the
switch the hub keeps sending the link from its previous key, so a terminal that was offline for
the whole announcement still follows (until the operator forgets the previous key).

A key id is the first 16 hex digits of sha256 over the raw public key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re

from contract.header_json import decode_header

LINK_HEADER = "X-Hub-Key-Link"
LINK_SIGNATURE_HEADER = "X-Hub-Key-Link-Signature"
SIGNING_CONTEXT = b"legal-kiosk key link v1\n"
MAX_HEADER_CHARS = 512
KEY_ID_PATTERN = r"^[0-9a-f]{16}$"
_KEY_ID = re.compile(KEY_ID_PATTERN)


def raw_public_key(public_key_b64: str) -> bytes:
    """The 32 raw bytes of a base64 public key, or ValueError."""
    try:
        raw = base64.b64decode(public_key_b64.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the public key is not base64") from None
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return raw


def key_id(public_key_b64: str) -> str:
    """The short id of a base64 public key (what heartbeats and the fleet view show)."""
    return hashlib.sha256(raw_public_key(public_key_b64)).hexdigest()[:16]


def link_bytes(*, from_key_id: str, to_public_key: str) -> bytes:
    """The exact bytes the ``from`` key signs (compact JSON, keys in this order)."""
    data = {"from": from_key_id, "to": to_public_key.strip()}
    return json.dumps(data, separators=(",", ":")).encode("ascii")


def signed_message(raw: bytes) -> bytes:
    """What the link signature covers for the link bytes ``raw``."""
    return SIGNING_CONTEXT + raw


def parse_link(header: str) -> tuple[bytes, str, str]:
    """``(raw bytes, from key id, to public key)`` of a header value.

    :raises ValueError: not base64 JSON, other fields, a malformed key id or key.
    """
    raw, data = decode_header(header, max_chars=MAX_HEADER_CHARS, what="key link")
    if not isinstance(data, dict) or set(data) != {"from", "to"}:
        raise ValueError("the key link must have exactly from and to")
    source, target = data["from"], data["to"]
    if not isinstance(source, str) or not _KEY_ID.match(source):
        raise ValueError("the key link's from is not a key id")
    if not isinstance(target, str):
        raise ValueError("the key link's to is not a public key")
    raw_public_key(target)
    return raw, source, target
