"""Tell systemd the terminal is alive: ``sd_notify`` over ``$NOTIFY_SOCKET`` with a plain socket.

The kiosk unit has ``Type=notify``, ``WatchdogSec=`` and ``NotifyAccess=all`` (the app is a child of
the cage compositor, not the main process). The Kivy loop calls :meth:`Watchdog.ping` from a
``Clock`` interval, so a frozen UI stops the pings and systemd restarts the session.

Outside systemd (development, tests) ``NOTIFY_SOCKET`` is unset and every call does nothing. No
socket is opened until the first message is sent; nothing happens at import time.

Usage from the App::

    watchdog = Watchdog.from_environ()
    watchdog.ready()
    Clock.schedule_interval(lambda dt: watchdog.ping(), watchdog.ping_interval_s or 10.0)
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

logger = logging.getLogger(__name__)

DEFAULT_PING_INTERVAL_S = 10.0


def _socket_address(raw: str) -> str | bytes:
    """``@name`` is an abstract socket (leading NUL byte); anything else is a path."""
    if raw.startswith("@"):
        return b"\0" + raw[1:].encode()
    return raw


class Watchdog:
    """Sends ``READY=1``, ``WATCHDOG=1`` and ``STATUS=…`` to systemd, or nothing when not under it.

    :param notify_socket: the value of ``$NOTIFY_SOCKET`` (``None`` or empty: no systemd).
    :param watchdog_usec: the value of ``$WATCHDOG_USEC`` (microseconds), if systemd set one.
    """

    def __init__(self, notify_socket: str | None, watchdog_usec: str | None = None) -> None:
        self.address = _socket_address(notify_socket) if notify_socket else None
        self.timeout_s = _parse_usec(watchdog_usec)
        self._sock: socket.socket | None = None
        self._failed = False

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Watchdog:
        env = os.environ if environ is None else environ
        return cls(env.get("NOTIFY_SOCKET"), env.get("WATCHDOG_USEC"))

    @property
    def enabled(self) -> bool:
        return self.address is not None

    @property
    def ping_interval_s(self) -> float:
        """How often to ping: half the watchdog timeout (systemd's advice), else 10 s."""
        if self.timeout_s:
            return max(0.5, self.timeout_s / 2.0)
        return DEFAULT_PING_INTERVAL_S

    def ready(self, status: str = "") -> bool:
        """Start-up is done (``READY=1``), with an optional status line."""
        return self.notify("READY=1" + (f"\nSTATUS={status}" if status else ""))

    def ping(self) -> bool:
        """The UI loop is alive (``WATCHDOG=1``). Call it from the Kivy ``Clock``."""
        return self.notify("WATCHDOG=1")

    def status(self, text: str) -> bool:
        """A one-line status that ``systemctl status`` shows."""
        return self.notify("STATUS=" + text.replace("\n", " "))

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")

    def notify(self, message: str) -> bool:
        """Send one datagram; ``True`` when it was sent. Never raises: a lost ping only restarts us."""
        if self.address is None:
            return False
        try:
            if self._sock is None:
                self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._sock.sendto(message.encode(), self.address)
        except OSError as exc:
            if not self._failed:
                logger.warning("cannot notify systemd at %r: %s", self.address, exc)
                self._failed = True
            return False
        self._failed = False
        return True

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


def _parse_usec(raw: str | None) -> float | None:
    if not raw:
        return None
    try:
        usec = int(raw)
    except ValueError:
        logger.warning("ignoring WATCHDOG_USEC=%r: not a whole number", raw)
        return None
    return usec / 1_000_000 if usec > 0 else None


def attach(
    schedule_interval, *, status: str = "", environ: Mapping[str, str] | None = None
) -> Watchdog:
    """Tell systemd the app is ready and keep pinging from the UI loop; one call from ``on_start``.

    :param schedule_interval: the UI loop's scheduler, i.e. ``kivy.clock.Clock.schedule_interval``
        (called as ``schedule_interval(callback, seconds)``), so a frozen loop stops the pings.
    :param status: the first ``STATUS=`` line.

    In ``screens/app.py``::

        def on_start(self):
            self.watchdog = attach(Clock.schedule_interval, status="ready")
    """
    watchdog = Watchdog.from_environ(environ)
    if not watchdog.enabled:
        return watchdog
    watchdog.ready(status)
    schedule_interval(lambda _dt: watchdog.ping(), watchdog.ping_interval_s)
    return watchdog
