"""Video calls from the terminal: ask the hub for a room (``/api/v1/calls``, through the one
:class:`~kiosk.hublink.client.HubClient`), open it with the launcher (:mod:`kiosk.video.launcher`),
and record what happened (events, the resident's 1–5 rating).

:class:`VideoService` is what the screens get as ``services.video``. :meth:`VideoService.start`
blocks on the hub and :meth:`VideoService.open` starts a browser process, so screens call both on
their worker thread. No Kivy here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from contract.api import CODE_RE
from kiosk.errors import CallRefused, HubUnavailable, VideoUnavailable
from kiosk.hublink.client import HubClient

logger = logging.getLogger(__name__)

CALL_MARGIN_S = 300.0  # the window is killed this long after the room closes, whatever happens

__all__ = ["CallRefused", "CallRoom", "VideoService", "make_video", "normalize_code"]


@dataclass(frozen=True)
class CallRoom:
    """A room the hub opened for this terminal (the ``POST /calls`` answer)."""

    call_id: int
    kind: str  # booked | now
    join_url: str
    adviser_name: str
    closes_at: str
    ring_seconds: int
    media_origins: tuple[str, ...]

    @classmethod
    def from_answer(cls, data: dict) -> CallRoom:
        """Read the hub's answer; a missing or malformed field is the hub failing, not the call."""
        try:
            return cls(
                call_id=int(data["call_id"]),
                kind=str(data["kind"]),
                join_url=str(data["join_url"]),
                adviser_name=str(data.get("adviser_name", "")),
                closes_at=str(data.get("closes_at", "")),
                ring_seconds=int(data.get("ring_seconds", 0)),
                media_origins=tuple(str(o) for o in data.get("media_origins", ())),
            )
        except (KeyError, TypeError, ValueError):
            raise HubUnavailable("the hub's call answer is malformed") from None


def normalize_code(text: str) -> str:
    """What the resident typed → a booking code (upper case, no spaces or dashes)."""
    return re.sub(r"[\s-]", "", text or "").upper()


class VideoService:
    """The screens' entry to video calls.

    :param client: the :class:`HubClient` (None when the terminal is not enrolled: no calls).
    :param launcher: a :class:`kiosk.video.ChromiumLauncher` or :class:`kiosk.video.RecordingLauncher`.
    :param telemetry: records ``call_opened``, ``call_closed`` and ``call_rated`` (no personal data).
    :param max_call_s: the longest a call window may stay open, in seconds.
    """

    def __init__(
        self, *, client: HubClient | None, launcher, telemetry=None, max_call_s: float = 3600.0
    ) -> None:
        self.client = client
        self.launcher = launcher
        self.telemetry = telemetry
        self.max_call_s = max_call_s
        self.window = None

    @property
    def available(self) -> bool:
        return self.client is not None and self.launcher is not None

    def can_call_now(self) -> tuple[bool, str]:
        """Blocking. ``(False, "no_browser")`` without a browser, ``(False, "offline")`` when the hub
        cannot be asked (or the terminal is not enrolled)."""
        if self.launcher is None:
            return False, "no_browser"
        if self.client is None:
            return False, "offline"
        try:
            answer = self.client.call_availability()
        except HubUnavailable:
            return False, "offline"
        return bool(answer.get("available")), str(answer.get("reason", ""))

    def start(self, *, booking_code: str | None = None, lang: str | None = None) -> CallRoom:
        """Blocking: ask the hub for the room. Raises :class:`CallRefused` or ``HubUnavailable``."""
        if self.client is None:
            raise HubUnavailable("not enrolled")
        code = None
        if booking_code is not None:
            code = normalize_code(booking_code)
            if not CODE_RE.match(code):
                raise CallRefused("bad_code")
        return CallRoom.from_answer(self.client.start_call(booking_code=code, lang=lang))

    def open(self, room: CallRoom, on_closed: Callable) -> None:
        """Open the call window; ``on_closed(result)`` runs on the launcher's thread when it ends.

        Blocking (it starts the browser process): call it off the UI thread.
        Raises :class:`~kiosk.errors.VideoUnavailable` when there is no browser or it cannot start.
        """
        if self.launcher is None:
            raise VideoUnavailable("no browser for video calls")
        self._record("call_opened", call_id=room.call_id, kind=room.kind)

        def closed(result) -> None:
            self.window = None
            self._record(
                "call_closed",
                call_id=room.call_id,
                kind=room.kind,
                reason=result.reason,
                seconds=result.seconds,
            )
            on_closed(result)

        self.window = self.launcher.open(
            room.join_url,
            origins=room.media_origins,
            on_closed=closed,
            max_seconds=self.max_call_s + CALL_MARGIN_S,
        )

    def close(self) -> None:
        """End an open call window (the kiosk is shutting down or resetting)."""
        if self.window is not None:
            self.window.close()

    def rate(self, call_id: int, rating: int) -> None:
        """The resident's 1–5 rating of the call, queued as a ``call_rated`` event."""
        if not 1 <= rating <= 5:
            raise ValueError("rating must be 1..5")
        self._record("call_rated", call_id=call_id, rating=rating)

    def _record(self, event_type: str, **props: object) -> None:
        if self.telemetry is not None:
            self.telemetry.record(event_type, **props)


def make_video(config, *, hub_client=None, telemetry=None, launcher=None) -> VideoService:
    """The video part for ``config``: Chromium (or the recording fake for backend ``none``)."""
    from kiosk.video.launcher import ChromiumLauncher, RecordingLauncher, find_browser

    if launcher is None:
        browser = (
            find_browser(config.video.browser_path) if config.video.backend == "chromium" else None
        )
        lang = "en-US" if config.ui.language == "en" else "zh-CN"
        launcher = ChromiumLauncher(browser, lang=lang) if browser else None
        if config.video.backend == "none":
            launcher = RecordingLauncher(fail=True)
    client = hub_client if hub_client is not None and hub_client.token else None
    return VideoService(client=client, launcher=launcher, telemetry=telemetry)
