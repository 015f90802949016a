"""The hub's per-process services, built once by ``create_app`` and kept on ``app.state.hub``."""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine

from contract.key_link import key_id
from hub.core import security
from hub.core.body_cache import SignedBodyCache
from hub.core.config import HubSettings, VideoSettings
from hub.core.keyring import KeyRing
from hub.core.ratelimit import RateLimiter


@dataclass
class Hub:
    """Settings, database engine, rate limiter and (lazily) the signing keys."""

    settings: HubSettings
    engine: Engine
    limiter: RateLimiter
    # The content route's latest version and signed statement (a few small entries).
    content_cache: dict = field(default_factory=dict, repr=False)
    # Signed content bodies by (key id, since, version[, cursor]): publishing makes a new
    # version and a key switch a new key id, so entries never go stale; bounded by
    # ``settings.content_cache_bytes``.
    signed_bodies: SignedBodyCache = field(init=False, repr=False)
    # Video settings that replace ``settings.video`` (tests swap them on a running app).
    video_settings: VideoSettings | None = None
    # The key files (current, announced next, previous), re-read when they change.
    keyring: KeyRing = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.signed_bodies = SignedBodyCache(self.settings.content_cache_bytes)
        self.keyring = KeyRing(self.settings)

    @property
    def signing_key(self) -> Ed25519PrivateKey:
        """The current key: what content, statements and new video tokens are signed with."""
        return self.keyring.keys().current

    @property
    def public_key(self) -> str:
        return security.public_key_b64(self.signing_key)

    @property
    def key_id(self) -> str:
        return key_id(self.public_key)

    def token_keys(self) -> list[Ed25519PrivateKey]:
        """Keys whose video tokens are accepted: the current, and the previous one after a
        switch (a join link handed out before the switch keeps working until it expires)."""
        keys = self.keyring.keys()
        return [keys.current] + ([keys.previous] if keys.previous is not None else [])
