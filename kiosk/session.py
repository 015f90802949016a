"""The resident's session: idle timer, visible countdown, reset, and the attract screen.

Kivy-free and driven by an injectable monotonic ``clock`` so it is tested with frozen time. The
UI calls :meth:`IdleSession.touch` on every touch and :meth:`IdleSession.tick` about once a
second; ``tick`` answers what the UI should do now.

States: ``idle`` (home, nobody there), ``active`` (someone is using the terminal),
``countdown`` ("are you still there?" with the seconds left), ``attract`` (announcements loop).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)

IDLE = "idle"
ACTIVE = "active"
COUNTDOWN = "countdown"
ATTRACT = "attract"

# What tick() can answer besides None.
START_COUNTDOWN = "start_countdown"
RESET = "reset"
SHOW_ATTRACT = "show_attract"


class IdleSession:
    """Idle timer of one terminal.

    :param idle_timeout_s: seconds without a touch before the countdown appears.
    :param countdown_s: seconds the countdown runs before everything is reset.
    :param attract_after_s: seconds on the idle home screen before the attract screen.
    :param clock: monotonic seconds (``time.monotonic`` by default).
    """

    def __init__(
        self,
        *,
        idle_timeout_s: float,
        countdown_s: float,
        attract_after_s: float,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.idle_timeout_s = idle_timeout_s
        self.countdown_s = countdown_s
        self.attract_after_s = attract_after_s
        self._clock = clock or time.monotonic
        self.clock = self._clock  # the same time source for other gestures of the session
        self._last_touch = self._clock()
        self._countdown_ends = 0.0
        self._started_at: float | None = None
        self.state = IDLE
        self._reset_listeners: list[Callable[[], None]] = []
        self.sessions_started = 0
        self.time_factor = 1.0  # 2.0 in elderly mode: twice the time before the countdown

    def on_reset(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` on every reset (clear inputs, drop booking details, stop speech)."""
        self._reset_listeners.append(listener)

    def touch(self) -> bool:
        """A touch happened. Returns True when it started a new session."""
        self._last_touch = self._clock()
        started = self.state in (IDLE, ATTRACT)
        if started:
            self._started_at = self._last_touch
            self.sessions_started += 1
        self.state = ACTIVE
        return started

    def keep_going(self) -> None:
        """The resident tapped "continue" on the countdown."""
        self.touch()

    def seconds_left(self) -> float:
        """Seconds until reset while the countdown runs (0 otherwise)."""
        if self.state != COUNTDOWN:
            return 0.0
        return max(0.0, self._countdown_ends - self._clock())

    def session_length_s(self) -> float:
        return 0.0 if self._started_at is None else self._clock() - self._started_at

    def tick(self) -> str | None:
        """Advance the state machine; returns START_COUNTDOWN, RESET, SHOW_ATTRACT or None."""
        now = self._clock()
        quiet = now - self._last_touch
        if self.state == ACTIVE and quiet >= self.idle_timeout_s * self.time_factor:
            self.state = COUNTDOWN
            self._countdown_ends = now + self.countdown_s * self.time_factor
            return START_COUNTDOWN
        if self.state == COUNTDOWN and now >= self._countdown_ends:
            self.reset()
            return RESET
        if self.state == IDLE and quiet >= self.attract_after_s:
            self.state = ATTRACT
            return SHOW_ATTRACT
        return None

    def start_countdown(self) -> None:
        """Show the countdown now (maintenance preview, screenshots)."""
        self.state = COUNTDOWN
        self._countdown_ends = self._clock() + self.countdown_s

    def reset(self) -> None:
        """End the session now: listeners clear what the resident entered."""
        self.state = IDLE
        self._last_touch = self._clock()
        self._started_at = None
        self.time_factor = 1.0  # the next resident starts with the terminal's own timings
        for listener in self._reset_listeners:
            try:
                listener()
            except Exception:  # boundary: one failing listener must not keep data of the others
                logger.exception("session reset listener failed")
