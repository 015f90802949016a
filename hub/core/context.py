"""The hub's per-process services, built once by ``create_app`` and kept on ``app.state.hub``."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine

from hub.core import security
from hub.core.body_cache import SignedBodyCache
from hub.core.config import HubSettings, VideoSettings
from hub.core.ratelimit import RateLimiter


@dataclass
class Hub:
    """Settings, database engine, rate limiter and (lazily) the signing key."""

    settings: HubSettings
    engine: Engine
    limiter: RateLimiter
    # The content route's latest version and signed statement (a few small entries).
    content_cache: dict = field(default_factory=dict, repr=False)
    # Signed content bodies by (since, version[, cursor]): publishing makes a new version, so
    # entries never go stale; bounded by ``settings.content_cache_bytes``.
    signed_bodies: SignedBodyCache = field(init=False, repr=False)
    # Video settings that replace ``settings.video`` (tests swap them on a running app).
    video_settings: VideoSettings | None = None
    _key: Ed25519PrivateKey | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.signed_bodies = SignedBodyCache(self.settings.content_cache_bytes)

    @property
    def signing_key(self) -> Ed25519PrivateKey:
        with self._lock:
            if self._key is None:
                self._key = security.load_signing_key(self.settings)
            return self._key

    @property
    def public_key(self) -> str:
        return security.public_key_b64(self.signing_key)
