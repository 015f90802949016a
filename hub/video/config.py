"""Video settings (``HUB_VIDEO_*``), read once per hub from the environment.

- ``HUB_VIDEO_PROVIDER`` (builtin): ``builtin`` (WebRTC room on the hub) or ``jitsi``
- ``HUB_VIDEO_ROOM_CLOSES_AFTER_MINUTES`` (15): a booking's room stays open this long after its slot
- ``HUB_VIDEO_TOKEN_MINUTES`` (90): a join link is valid this long, never past its room's close
- ``HUB_VIDEO_RING_SECONDS`` (120): a "call now" rings the adviser this long
- ``HUB_VIDEO_CALL_NOW_MINUTES`` (60): a "call now" room closes this long after it was made
- ``HUB_VIDEO_STUN_URLS``: comma list, e.g. ``stun:turn.example.cn:3478``
- ``HUB_VIDEO_TURN_URLS``: comma list, e.g. ``turn:turn.example.cn:3478?transport=udp``
- ``HUB_VIDEO_TURN_SECRET``: coturn ``static-auth-secret`` (time-limited credentials)
- ``HUB_VIDEO_TURN_USERNAME`` / ``HUB_VIDEO_TURN_CREDENTIAL``: fixed TURN credentials when no secret is set
- ``HUB_VIDEO_JITSI_URL``: e.g. ``https://meet.example.cn`` (provider ``jitsi``)
- ``HUB_VIDEO_JITSI_APP_ID`` / ``HUB_VIDEO_JITSI_APP_SECRET``: HS256 JWT issuer and secret (no JWT when empty)

The room opens ``HUB_ROOM_OPENS_BEFORE_MINUTES`` (a hub setting) before the slot.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass

from hub.core.config import SettingsError

PROVIDERS = ("builtin", "jitsi")
PREFIX = "HUB_VIDEO_"


@dataclass(frozen=True)
class VideoSettings:
    provider: str = "builtin"
    room_closes_after_minutes: int = 15
    token_minutes: int = 90
    ring_seconds: int = 120
    call_now_minutes: int = 60
    stun_urls: tuple[str, ...] = ()
    turn_urls: tuple[str, ...] = ()
    turn_secret: str = ""
    turn_username: str = ""
    turn_credential: str = ""
    jitsi_url: str = ""
    jitsi_app_id: str = ""
    jitsi_app_secret: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> VideoSettings:
        """Build from ``environ`` (default ``os.environ``); raise :class:`SettingsError` naming the variable."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for field in dataclasses.fields(cls):
            name = PREFIX + field.name.upper()
            if name not in env:
                continue
            raw = env[name].strip()
            if isinstance(field.default, int):
                try:
                    values[field.name] = int(raw)
                except ValueError:
                    raise SettingsError(f"{name} must be a whole number") from None
            elif isinstance(field.default, tuple):
                values[field.name] = tuple(part.strip() for part in raw.split(",") if part.strip())
            else:
                values[field.name] = raw.rstrip("/") if field.name == "jitsi_url" else raw
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.provider not in PROVIDERS:
            raise SettingsError(f"{PREFIX}PROVIDER must be one of {', '.join(PROVIDERS)}")
        for name in ("token_minutes", "ring_seconds", "call_now_minutes"):
            if getattr(self, name) <= 0:
                raise SettingsError(f"{PREFIX}{name.upper()} must be a positive whole number")
        if self.room_closes_after_minutes < 0:
            raise SettingsError(f"{PREFIX}ROOM_CLOSES_AFTER_MINUTES must not be negative")
        if self.provider == "jitsi" and not self.jitsi_url.startswith(("https://", "http://")):
            raise SettingsError(
                f"{PREFIX}JITSI_URL must be an http(s) URL when the provider is jitsi"
            )
        for url in self.stun_urls:
            if not url.startswith(("stun:", "stuns:")):
                raise SettingsError(f"{PREFIX}STUN_URLS: {url!r} must start with stun: or stuns:")
        for url in self.turn_urls:
            if not url.startswith(("turn:", "turns:")):
                raise SettingsError(f"{PREFIX}TURN_URLS: {url!r} must start with turn: or turns:")


def video_settings(hub) -> VideoSettings:
    """The video settings of this hub (read from the environment on first use, then kept)."""
    found = getattr(hub, "video_settings", None)
    if found is None:
        found = VideoSettings.from_env()
        hub.video_settings = found
    return found
