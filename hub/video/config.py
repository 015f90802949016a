"""The video settings of a hub: :class:`~hub.core.config.VideoSettings` (``HUB_VIDEO_*``).

They are read and validated with the other settings when the hub starts
(:meth:`hub.core.config.HubSettings.from_env`), so a bad ``HUB_VIDEO_*`` value stops
``legal-hub serve`` with a sentence instead of failing a call later.
"""

from __future__ import annotations

from hub.core.config import VideoSettings

__all__ = ["VideoSettings", "video_settings"]


def video_settings(hub) -> VideoSettings:
    """The video settings this hub serves with (``hub.video_settings`` when a test set one)."""
    return hub.video_settings or hub.settings.video
