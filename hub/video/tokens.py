"""Join tokens: ``<role>.<exp>.<mac>`` — HMAC-SHA256 over room, role and expiry.

The key is derived from the hub's Ed25519 signing key, so every hub process that can sign
content can also check tokens and no extra secret has to be shared. A token names its room only
through the MAC: a token made for room A fails the check on room B.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from cryptography.hazmat.primitives import serialization

ROLES = ("resident", "adviser")
TOKEN_MAX_CHARS = 128
# ``<role>.<exp>.<mac>`` in ASCII only: a Unix time of at most 12 digits and the 43 characters of
# an unpadded urlsafe base64 SHA-256 MAC. Anything else is refused before any arithmetic.
TOKEN_RE = re.compile(r"(resident|adviser)\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})", re.ASCII)


class TokenRefused(Exception):
    """The token does not open this room; ``reason`` is ``invalid`` or ``expired``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def token_key(signing_key) -> bytes:
    """A 32-byte HMAC key derived from the hub's Ed25519 private key."""
    raw = signing_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return hashlib.sha256(b"legal-hub video join token v1\x00" + raw).digest()


def _mac(key: bytes, room: str, role: str, exp: int) -> str:
    digest = hmac.new(key, f"v1|{room}|{role}|{exp}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def make_token(key: bytes, *, room: str, role: str, expires: datetime) -> str:
    """A token that lets ``role`` into ``room`` until ``expires`` (aware datetime)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    exp = int(expires.timestamp())
    return f"{role}.{exp}.{_mac(key, room, role, exp)}"


def check_token(
    key: bytes | Sequence[bytes], token: str | None, *, room: str, now: datetime
) -> str:
    """The role the token grants in ``room``; raises :class:`TokenRefused` otherwise.

    ``key`` may be several keys (after a hub key switch, the current and the previous one):
    a token made with any of them is accepted."""
    keys = [key] if isinstance(key, bytes) else list(key)
    if not token or len(token) > TOKEN_MAX_CHARS:
        raise TokenRefused("invalid")
    matched = TOKEN_RE.fullmatch(token)
    if matched is None:
        raise TokenRefused("invalid")
    role, exp_text, mac = matched.groups()
    if not any(hmac.compare_digest(mac, _mac(k, room, role, int(exp_text))) for k in keys):
        raise TokenRefused("invalid")
    if int(exp_text) <= now.timestamp():
        raise TokenRefused("expired")
    return role


def token_expiry(now: datetime, *, minutes: int, closes_at: datetime) -> datetime:
    """Tokens live ``minutes`` but never past the room's closing time."""
    return min(now + timedelta(minutes=minutes), closes_at)
