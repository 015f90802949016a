"""The hub's signed, expiring statement of the current content version (TUF's timestamp role).

Every ``GET /content`` answer — ``200`` and ``304`` alike — carries it, so a terminal can tell a
real "nothing newer" from one forged or replayed by whoever sits between it and the hub:

- ``X-Content-Timestamp``: base64 of the statement, compact JSON
  ``{"version": V, "issued_at": S, "expires_at": S}`` (Unix seconds, whole numbers);
- ``X-Content-Timestamp-Signature``: base64 Ed25519 over :data:`SIGNING_CONTEXT` + those bytes,
  with the key that signs content (the context keeps a statement from ever passing as content).
"""

from __future__ import annotations

import json

from contract.header_json import decode_header

TIMESTAMP_HEADER = "X-Content-Timestamp"
TIMESTAMP_SIGNATURE_HEADER = "X-Content-Timestamp-Signature"
SIGNING_CONTEXT = b"legal-kiosk content timestamp v1\n"
MAX_HEADER_CHARS = 512
FIELDS = ("version", "issued_at", "expires_at")


def statement_bytes(*, version: int, issued_at: int, expires_at: int) -> bytes:
    """The exact bytes the hub signs (compact JSON, keys in this order)."""
    data = {"version": version, "issued_at": issued_at, "expires_at": expires_at}
    return json.dumps(data, separators=(",", ":")).encode("ascii")


def signed_message(raw: bytes) -> bytes:
    """What the signature covers for the statement bytes ``raw``."""
    return SIGNING_CONTEXT + raw


def parse_statement(header: str) -> tuple[bytes, dict]:
    """``(raw bytes, {"version", "issued_at", "expires_at"})`` of a header value.

    :raises ValueError: not base64, not JSON, or a field missing or not a whole number >= 0.
    """
    raw, data = decode_header(header, max_chars=MAX_HEADER_CHARS, what="timestamp")
    if not isinstance(data, dict) or set(data) != set(FIELDS):
        raise ValueError("the timestamp must have exactly version, issued_at, expires_at")
    for name in FIELDS:
        value = data[name]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**53:
            raise ValueError(f"timestamp {name} must be a whole number >= 0")
    return raw, data
