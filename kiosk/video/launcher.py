"""Open a video call in a Chromium app window over the kiosk and report when it closes.

Kivy has no web view, so the call page runs in its own Chromium window: ``--app=URL --kiosk``
(no address bar, no tabs, fullscreen), a fresh profile directory per call (nothing of one
resident is left for the next), and camera and microphone allowed for the hub's origin only —
through the profile's ``Preferences`` (content-setting exceptions), never through
``--use-fake-ui-for-media-stream``, which would grant every site. :func:`managed_policy` gives
the same rule as a Chromium managed policy for the installer
(``/etc/chromium/policies/managed/legal-kiosk.json``).

:meth:`ChromiumLauncher.open` returns at once; a watcher thread waits for the browser to end (or
kills it after ``max_seconds``) and calls ``on_closed(result)`` **on that thread** — the screen
wraps it with ``Clock.schedule_once``. :class:`RecordingLauncher` is the fake twin for tests.
No Kivy here.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.errors import VideoUnavailable

logger = logging.getLogger(__name__)

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome")
STOP_GRACE_S = 5.0
ALLOW = 1
BLOCK = 2
BASE_ARGS = (
    "--kiosk",
    "--no-first-run",
    "--no-default-browser-check",
    "--noerrdialogs",
    "--disable-infobars",
    "--disable-session-crashed-bubble",
    "--disable-translate",
    "--disable-features=Translate,MediaRouter",
    "--autoplay-policy=no-user-gesture-required",
    "--password-store=basic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-pinch",
    "--overscroll-history-navigation=0",
)


@dataclass(frozen=True)
class CallResult:
    """How the call window ended: ``closed`` (by the page or the resident), ``timeout`` (killed after
    ``max_seconds``), ``stopped`` (closed by the kiosk) or ``failed`` (the browser could not run)."""

    reason: str
    seconds: float
    exit_code: int | None = None


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def profile_preferences(origins: Sequence[str]) -> dict:
    """Chromium profile ``Preferences``: camera and microphone allowed for ``origins``, blocked elsewhere."""
    allowed = {f"{origin_of(o)},*": {"setting": ALLOW} for o in origins}
    return {
        "profile": {
            "default_content_setting_values": {
                "media_stream_camera": BLOCK,
                "media_stream_mic": BLOCK,
                "notifications": BLOCK,
                "geolocation": BLOCK,
            },
            "content_settings": {
                "exceptions": {"media_stream_camera": allowed, "media_stream_mic": allowed}
            },
            "exit_type": "Normal",
            "exited_cleanly": True,
        },
        "browser": {"has_seen_welcome_page": True},
        "translate": {"enabled": False},
    }


def managed_policy(origins: Sequence[str]) -> dict:
    """The same rule as a managed policy file (for ``/etc/chromium/policies/managed/``)."""
    allowed = [origin_of(o) for o in origins]
    return {
        "VideoCaptureAllowedUrls": allowed,
        "AudioCaptureAllowedUrls": allowed,
        "DefaultGeolocationSetting": BLOCK,
        "DefaultNotificationsSetting": BLOCK,
        "TranslateEnabled": False,
        "PasswordManagerEnabled": False,
    }


def find_browser(configured: str = "") -> str | None:
    """The configured browser path, else the first Chromium on ``PATH``."""
    if configured:
        return configured if Path(configured).exists() else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class CallWindow:
    """A running call window; :meth:`close` ends it (``on_closed`` still runs once)."""

    process: subprocess.Popen
    profile_dir: Path
    started: float
    _stopping: threading.Event = field(default_factory=threading.Event)

    def close(self) -> None:
        self._stopping.set()
        if self.process.poll() is None:
            self.process.terminate()

    @property
    def running(self) -> bool:
        return self.process.poll() is None


class ChromiumLauncher:
    """Opens call URLs in Chromium app windows.

    :param browser_path: the browser executable (see :func:`find_browser`).
    :param lang: the browser UI language (``zh-CN``).
    :param extra_args: more switches (tests add ``--headless``; never fake-UI switches in production).
    :param popen: ``subprocess.Popen`` or a test double with the same call signature.
    :param temp_root: where fresh profile folders are made (default: the system temp folder).
    """

    def __init__(
        self,
        browser_path: str,
        *,
        lang: str = "zh-CN",
        extra_args: Sequence[str] = (),
        popen: Callable[..., subprocess.Popen] = subprocess.Popen,
        temp_root: Path | None = None,
    ) -> None:
        self.browser_path = browser_path
        self.lang = lang
        self.extra_args = tuple(extra_args)
        self._popen = popen
        self._temp_root = temp_root

    def command(self, url: str, profile_dir: Path) -> list[str]:
        origin_of(url)
        return [
            self.browser_path,
            f"--app={url}",
            f"--user-data-dir={profile_dir}",
            f"--lang={self.lang}",
            *BASE_ARGS,
            *self.extra_args,
        ]

    def prepare_profile(self, origins: Sequence[str]) -> Path:
        """A fresh profile folder whose Preferences allow camera and microphone for ``origins`` only."""
        profile = Path(tempfile.mkdtemp(prefix="kiosk-call-", dir=self._temp_root))
        (profile / "Default").mkdir()
        (profile / "Default" / "Preferences").write_text(
            json.dumps(profile_preferences(origins)), encoding="utf-8"
        )
        (profile / "First Run").write_text("", encoding="utf-8")
        return profile

    def open(
        self,
        url: str,
        *,
        origins: Sequence[str] = (),
        on_closed: Callable[[CallResult], None],
        max_seconds: float = 3600.0,
    ) -> CallWindow:
        """Start the window for ``url`` and return at once; ``on_closed`` runs on a watcher thread.

        ``origins`` defaults to the URL's own origin. Raises :class:`VideoUnavailable` when the
        browser cannot be started.
        """
        origins = list(origins) or [origin_of(url)]
        profile = self.prepare_profile(origins)
        try:
            process = self._popen(
                self.command(url, profile),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as exc:
            shutil.rmtree(profile, ignore_errors=True)
            raise VideoUnavailable(f"cannot start the browser: {exc}") from exc
        window = CallWindow(process=process, profile_dir=profile, started=time.monotonic())
        watcher = threading.Thread(
            target=self._watch,
            args=(window, on_closed, max_seconds),
            name="call-window",
            daemon=True,
        )
        watcher.start()
        logger.info("call window opened")
        return window

    def _watch(
        self, window: CallWindow, on_closed: Callable[[CallResult], None], max_seconds: float
    ) -> None:
        reason = "closed"
        try:
            window.process.wait(timeout=max_seconds)
        except subprocess.TimeoutExpired:
            reason = "timeout"
            window.process.terminate()
        try:
            window.process.wait(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            window.process.kill()
            window.process.wait()
        if window._stopping.is_set() and reason == "closed":
            reason = "stopped"
        shutil.rmtree(window.profile_dir, ignore_errors=True)
        result = CallResult(
            reason=reason,
            seconds=round(time.monotonic() - window.started, 1),
            exit_code=window.process.returncode,
        )
        logger.info("call window ended: %s after %.0f s", result.reason, result.seconds)
        try:
            on_closed(result)
        except Exception:  # a boundary: a failing callback must not kill the watcher silently
            logger.exception("call window callback failed")


@dataclass
class RecordingLauncher:
    """Fake twin for tests and terminals without a browser: records what would be opened.

    ``opened`` holds ``(url, origins, max_seconds)``; :meth:`finish` ends the last window as if the
    resident hung up (runs its ``on_closed`` on the caller's thread). ``fail`` makes ``open`` raise.
    """

    opened: list = field(default_factory=list)
    fail: bool = False
    _pending: list = field(default_factory=list)

    def open(
        self,
        url: str,
        *,
        origins: Sequence[str] = (),
        on_closed: Callable[[CallResult], None],
        max_seconds: float = 3600.0,
    ):
        if self.fail:
            raise VideoUnavailable("recording launcher set to fail")
        self.opened.append((url, list(origins) or [origin_of(url)], max_seconds))
        self._pending.append(on_closed)
        return self

    def finish(self, reason: str = "closed", seconds: float = 60.0) -> None:
        self._pending.pop()(CallResult(reason=reason, seconds=seconds, exit_code=0))

    def close(self) -> None:
        if self._pending:
            self.finish("stopped", 0.0)

    @property
    def running(self) -> bool:
        return bool(self._pending)
