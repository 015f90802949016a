"""The room windows of a hub, from its settings (``HUB_ROOM_OPENS_BEFORE_MINUTES`` and video settings)."""

from __future__ import annotations

from .config import video_settings
from .rooms import Windows


def windows_for(hub) -> Windows:
    video = video_settings(hub)
    return Windows(
        opens_before_minutes=hub.settings.room_opens_before_minutes,
        closes_after_minutes=video.room_closes_after_minutes,
        call_now_minutes=video.call_now_minutes,
        ring_seconds=video.ring_seconds,
    )
