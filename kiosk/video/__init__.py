"""Video calls: ask the hub for a room and open it in a Chromium window over the kiosk.

- :mod:`~kiosk.video.calls` — :class:`~kiosk.video.calls.VideoService` (``services.video``);
- :mod:`~kiosk.video.launcher` — the Chromium launcher and its recording fake.
"""

from kiosk.video.launcher import (
    ChromiumLauncher,
    RecordingLauncher,
    VideoUnavailable,
    find_browser,
    managed_policy,
    origin_of,
    profile_preferences,
)

__all__ = [
    "ChromiumLauncher",
    "RecordingLauncher",
    "VideoUnavailable",
    "find_browser",
    "managed_policy",
    "origin_of",
    "profile_preferences",
]
