"""Video calls from the terminal: ask the hub for a room (``/api/v1/calls``), open it with the
launcher (:mod:`kiosk.video`), and record what happened (events, the resident's 1–5 rating).

:class:`VideoService` is what the screens get as ``services.video``; every method that talks to
the hub blocks, so screens call it on their worker thread. No Kivy here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

import requests

from contract.api import API_PREFIX, CODE_RE
from kiosk.errors import HubUnavailable, KioskError

logger = logging.getLogger(__name__)

TIMEOUT_S = 10.0
CALL_MARGIN_S = 300.0  # the window is killed this long after the room closes, whatever happens
REASON_KEYS = {
    "nobody_on_duty": "video.kiosk.nobody_on_duty",
    "all_busy": "video.kiosk.all_busy",
    "not_found": "video.kiosk.no_such_booking",
    "later": "video.kiosk.not_open",
    "closed": "video.kiosk.closed",
    "cancelled": "video.kiosk.cancelled",
    "bad_code": "video.kiosk.code_bad",
}


class CallRefused(KioskError):
    """The hub will not open a call now; ``reason`` says why (a key of :data:`REASON_KEYS`)."""

    def __init__(self, reason: str, detail: str = "", *, opens_at: str = "") -> None:
        super().__init__(
            detail or reason, message_key=REASON_KEYS.get(reason, "video.kiosk.offline")
        )
        self.reason = reason
        self.opens_at = opens_at


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


def normalize_code(text: str) -> str:
    """What the resident typed → a booking code (upper case, no spaces or dashes)."""
    return re.sub(r"[\s-]", "", text or "").upper()


class CallClient:
    """``GET /calls/now`` and ``POST /calls`` with an injected :class:`requests.Session`."""

    def __init__(
        self, base_url: str, *, session: requests.Session, token: str, timeout_s: float = TIMEOUT_S
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session
        self.token = token
        self.timeout_s = timeout_s

    @classmethod
    def from_hub_client(cls, hub_client) -> CallClient:
        """Share the sync part's hub client (its address, session and token)."""
        return cls(
            hub_client.base_url,
            session=hub_client.session,
            token=hub_client.token,
            timeout_s=getattr(hub_client, "timeout_s", TIMEOUT_S),
        )

    def _request(self, method: str, path: str, body: dict | None = None) -> requests.Response:
        try:
            response = self.session.request(
                method,
                f"{self.base_url}{API_PREFIX}{path}",
                json=body,
                headers={"Authorization": f"Bearer {self.token}", "Accept": "application/json"},
                timeout=self.timeout_s,
            )
        except requests.RequestException as exc:
            raise HubUnavailable(f"hub unreachable: {type(exc).__name__}") from exc
        if response.status_code in (404, 409):
            raise CallRefused(
                response.headers.get("X-Reason", "not_found"),
                _detail(response),
                opens_at=response.headers.get("X-Opens-At", ""),
            )
        if response.status_code >= 400:
            raise HubUnavailable(f"hub answered {response.status_code}: {_detail(response)}")
        return response

    def availability(self) -> tuple[bool, str]:
        """``(True, "")`` when an adviser could take a call now, else ``(False, reason)``."""
        answer = self._request("GET", "/calls/now").json()
        return bool(answer.get("available")), str(answer.get("reason", ""))

    def start(self, *, booking_code: str | None = None, lang: str | None = None) -> CallRoom:
        """A room: "call now" without ``booking_code``, else that booking's room."""
        body: dict = {}
        if booking_code is not None:
            code = normalize_code(booking_code)
            if not CODE_RE.match(code):
                raise CallRefused("bad_code")
            body["booking_code"] = code
        if lang:
            body["lang"] = lang
        data = self._request("POST", "/calls", body).json()
        return CallRoom(
            call_id=int(data["call_id"]),
            kind=data["kind"],
            join_url=data["join_url"],
            adviser_name=data.get("adviser_name", ""),
            closes_at=data.get("closes_at", ""),
            ring_seconds=int(data.get("ring_seconds", 0)),
            media_origins=tuple(data.get("media_origins", ())),
        )


def _detail(response: requests.Response) -> str:
    try:
        return str(response.json().get("detail", ""))[:300]
    except (ValueError, AttributeError):
        return f"HTTP {response.status_code}"


class VideoService:
    """The screens' entry to video calls.

    :param client: a :class:`CallClient` (None when the terminal is not enrolled: no calls).
    :param launcher: a :class:`kiosk.video.ChromiumLauncher` or :class:`kiosk.video.RecordingLauncher`.
    :param telemetry: records ``call_opened``, ``call_closed`` and ``call_rated`` (no personal data).
    :param max_call_s: the longest a call window may stay open, in seconds.
    """

    def __init__(
        self, *, client: CallClient | None, launcher, telemetry=None, max_call_s: float = 3600.0
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
            return self.client.availability()
        except HubUnavailable:
            return False, "offline"

    def start(self, *, booking_code: str | None = None, lang: str | None = None) -> CallRoom:
        """Blocking: ask the hub for the room. Raises :class:`CallRefused` or ``HubUnavailable``."""
        if self.client is None:
            raise HubUnavailable("not enrolled")
        return self.client.start(booking_code=booking_code, lang=lang)

    def open(self, room: CallRoom, on_closed: Callable) -> None:
        """Open the call window; ``on_closed(result)`` runs on the launcher's thread when it ends.

        Raises :class:`kiosk.video.VideoUnavailable` when there is no browser or it cannot start.
        """
        if self.launcher is None:
            from kiosk.video.launcher import VideoUnavailable

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
    client = (
        CallClient.from_hub_client(hub_client)
        if hub_client is not None and hub_client.token
        else None
    )
    return VideoService(client=client, launcher=launcher, telemetry=telemetry)
