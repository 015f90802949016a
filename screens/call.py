"""Video consultation: type the booking code to start the booked call, or "call now" while an
adviser is on duty (otherwise: book, or the 12348 hotline). The call itself runs in a Chromium
app window over the kiosk (:mod:`kiosk.video.calls` / :mod:`kiosk.video`); when it closes the resident
is asked for a 1–5 rating."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import BooleanProperty, StringProperty

from contract.api import CODE_ALPHABET, CODE_RE
from kiosk.errors import CallRefused
from kiosk.video.calls import normalize_code
from screens.widgets.base import KioskScreen
from screens.widgets.common import Chip
from screens.widgets.keyboard import set_enabled

CODE_LENGTH = 10
KEEP_AWAKE_S = 5.0  # the resident touches Chromium, not Kivy: keep the idle reset away meanwhile


class CallScreen(KioskScreen):
    resident_input = True
    keeps_input_for = ("call_rating",)

    code = StringProperty("")
    status = StringProperty("")
    can_call_now = BooleanProperty(False)
    busy = BooleanProperty(False)

    def on_kv_post(self, _base) -> None:
        self.letter_keys = [
            Chip(text=letter, on_release=lambda b: self.type_key(b.text))
            for letter in CODE_ALPHABET
        ]
        self.delete_key = Chip(
            text=self.tr("video.kiosk.delete"), on_release=lambda _b: self.type_key(None)
        )
        for key in (*self.letter_keys, self.delete_key):
            self.ids.keypad.add_widget(key)
        self._awake = None
        self.on_code(self, self.code)

    def on_code(self, _screen, code: str) -> None:
        """No key that does nothing: letters dim when the code is full, 删除 when it is empty."""
        if not hasattr(self, "delete_key"):
            return
        for key in self.letter_keys:
            set_enabled(key, len(code) < CODE_LENGTH)
        set_enabled(self.delete_key, bool(code))

    def prepare(self, **_params) -> None:
        self.status = self.tr("video.kiosk.checking")
        self.can_call_now = False
        video = self.services.video
        if video is None:
            self.status = self.tr("video.kiosk.offline")
            return
        self.run(video.can_call_now, on_done=self._availability, lane="io")

    def _availability(self, answer) -> None:
        available, reason = answer
        self.can_call_now = available
        key = {
            "": "video.kiosk.call_now_hint",
            "all_busy": "video.kiosk.all_busy",
            "offline": "video.kiosk.offline",
            "no_browser": "video.kiosk.no_browser",
        }.get(reason if not available else "", "video.kiosk.nobody_on_duty")
        self.status = self.tr(key)

    def type_key(self, letter: str | None) -> None:
        self.code = self.code[:-1] if letter is None else (self.code + letter)[:CODE_LENGTH]

    def start_booked(self) -> None:
        code = normalize_code(self.code)
        if not CODE_RE.match(code):
            self.status = self.tr("video.kiosk.code_bad")
            return
        self._start(booking_code=code)

    def call_now(self) -> None:
        self._start(booking_code=None)

    def _start(self, *, booking_code: str | None) -> None:
        if self.busy or self.services.video is None:
            return
        self.busy = True
        self.status = self.tr("video.kiosk.checking")
        self.record("call.start", kind="booked" if booking_code else "now")
        self.run(
            self.services.video.start,
            booking_code=booking_code,
            lang=self.app.lang,
            on_done=self._open,
            on_error=self._refused,
            lane="io",
        )

    def _refused(self, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, CallRefused):
            opens = error.opens_at[:16].replace("T", " ")
            self.status = self.tr(error.message_key, opens=opens)
            return
        self.status = self.tr("video.kiosk.offline")

    def _open(self, room) -> None:
        # Starting the browser is a process spawn: on the worker, never on the UI thread.
        self.status = self.tr("video.kiosk.opening")
        self.run(
            self.services.video.open,
            room,
            lambda result: Clock.schedule_once(lambda _dt: self._closed(room, result)),
            on_done=lambda _none: self._opened(),
            on_error=self._open_failed,
            lane="io",
        )

    def _open_failed(self, error: BaseException) -> None:
        # no browser / it cannot start / a bad join URL
        self.busy = False
        self.status = self.tr(getattr(error, "message_key", "video.kiosk.no_browser"))

    def _opened(self) -> None:
        if not self.busy:  # the resident left while the window was starting: close it again
            self.services.video.close()
            return
        self.status = self.tr("video.kiosk.in_call")
        self._awake = Clock.schedule_interval(
            lambda _dt: self.services.session.touch(), KEEP_AWAKE_S
        )

    def _closed(self, room, result) -> None:
        self.busy = False
        if self._awake is not None:
            self._awake.cancel()
            self._awake = None
        self.services.session.touch()
        self.code = ""
        self.app.nav.go("call_rating", call_id=room.call_id)

    def book(self) -> None:
        self.app.nav.go("booking")

    def hotline(self) -> None:
        self.app.nav.go("hotline")

    def clear(self) -> None:
        if self.services.video is not None:
            self.services.video.close()
        self.code = ""
        self.busy = False
