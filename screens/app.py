"""The one Kivy App of the terminal: services, navigator and a few app-wide observables.

Built by :mod:`screens.launcher` after Kivy's configuration is set. Screens are created once and
reused; each is ``screens/<name>.py`` + ``screens/<name>.kv``.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from kivy.app import App
from kivy.base import ExceptionManager
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.screenmanager import NoTransition, ScreenManager

from contract.i18n import LANGUAGES, Translator
from kiosk.device.watchdog import attach as attach_watchdog
from kiosk.errors import KioskError
from kiosk.local_time import now_local
from screens.errors import KioskExceptionHandler
from screens.idle import IdleController
from screens.navigator import Navigator
from screens.rating_offer import RatingOffer
from screens.read_on_open import ReadOnOpen
from screens.widgets.common import MessageView
from screens.widgets.fonts import register_cjk_default_font
from screens.widgets.palette import HIGH_CONTRAST, NORMAL, rgba

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
# route name -> class name in screens/<route>.py
SCREENS = {
    "home": "HomeScreen",
    "guides": "GuidesScreen",
    "guide_list": "GuideListScreen",
    "article": "ArticleScreen",
    "search": "SearchScreen",
    "nearby": "NearbyScreen",
    "institution": "InstitutionScreen",
    "booking": "BookingScreen",
    "legal_aid": "LegalAidScreen",
    "calc": "CalcScreen",  # 算一算 (kiosk/calc)
    "hotline": "HotlineScreen",
    "attract": "AttractScreen",
    "maintenance": "MaintenanceScreen",
    "call": "CallScreen",  # video (hub/video, kiosk/video/calls.py)
    "call_rating": "CallRatingScreen",
}
LARGE_TEXT_SCALE = 1.35
FONT_CACHE_DIR = "fonts"  # in the data folder: the CJK face as a file Kivy can open
ELDERLY_TIME_FACTOR = 2.0
KEY_ESCAPE = 27
# Screens redrawn at once when new content arrives (the others read the store when entered).
REFRESH_ON_CONTENT = ("home", "guides", "guide_list", "attract")


class KioskApp(App):
    lang = StringProperty("zh_CN")
    font_scale = NumericProperty(1.0)
    base_font_scale = NumericProperty(1.0)
    high_contrast = BooleanProperty(False)
    read_aloud = BooleanProperty(False)
    speaking = BooleanProperty(False)  # an utterance is being read: 朗读 turns into 停止
    slow_speech = BooleanProperty(False)
    elderly = BooleanProperty(False)  # 长辈模式: large text, reading aloud, slower, more time
    online = BooleanProperty(False)
    content_stale = BooleanProperty(False)  # no fresh signed statement from the hub for too long
    now_text = StringProperty("")
    nav = ObjectProperty(None)
    c_bg = ListProperty()
    c_surface = ListProperty()
    c_text = ListProperty()
    c_muted = ListProperty()
    c_primary = ListProperty()
    c_on_primary = ListProperty()
    c_accent = ListProperty()
    c_on_accent = ListProperty()
    c_chip = ListProperty()
    c_on_chip = ListProperty()
    c_line = ListProperty()
    c_ok = ListProperty()

    def __init__(self, *, services, worker, **kwargs) -> None:
        ui = services.config.ui
        self.services = services
        self.worker = worker
        self._translators = {lang: Translator(lang) for lang in LANGUAGES}
        self.message: MessageView | None = None
        self.ticket_preview = None  # the ticket shown before printing (screens/printing.py)
        self._utterance = 0  # which read-aloud the speaking state belongs to
        super().__init__(**kwargs)
        self.title = "legal-kiosk"
        self.lang = ui.language
        self.base_font_scale = ui.font_scale
        self.font_scale = ui.font_scale
        self.high_contrast = ui.high_contrast
        self.read_aloud = ui.read_aloud
        self.apply_palette()

    # -- text and look ------------------------------------------------------------------
    def t(self, key: str, _lang: str | None = None, **values) -> str:
        """Translate for kv (``app.t('key', app.lang)`` re-evaluates when the language changes)."""
        return self._translators[self.lang](key, **values)

    def tr(self, key: str, **values) -> str:
        return self._translators[self.lang](key, **values)

    def on_high_contrast(self, *_args) -> None:
        self.apply_palette()

    def apply_palette(self) -> None:
        palette = HIGH_CONTRAST if self.high_contrast else NORMAL
        for name, value in palette.items():
            setattr(self, f"c_{name}", rgba(value))
        Window.clearcolor = rgba(palette["bg"])

    def toggle_large_text(self) -> None:
        large = self.font_scale > self.base_font_scale
        self.font_scale = self.base_font_scale if large else self.base_font_scale * LARGE_TEXT_SCALE

    def toggle_elderly_mode(self) -> None:
        """One tap for older residents: large text and more line spacing, each screen read aloud
        as it opens, slower speech, twice the time before the idle countdown, a simpler home."""
        self.elderly = not self.elderly
        ui = self.services.config.ui
        if self.elderly:
            self.font_scale = self.base_font_scale * LARGE_TEXT_SCALE
        else:
            self.font_scale = ui.font_scale
        self.read_aloud = self.elderly or ui.read_aloud
        self.slow_speech = self.elderly
        self.services.session.time_factor = ELDERLY_TIME_FACTOR if self.elderly else 1.0
        self.services.telemetry.record("elderly.mode", on=self.elderly)
        if self.elderly and self.services.speech.available:
            self.speak(self.tr("home.elderly_on"))

    def toggle_language(self) -> None:
        self.lang = "en" if self.lang == "zh_CN" else "zh_CN"

    def on_lang(self, *_args) -> None:
        if (
            self.nav is not None
            and self.root is not None
            and self.root.has_screen(self.nav.current)
        ):
            self.root.get_screen(self.nav.current).prepare(**self.nav.params)
        self._tick_clock()

    # -- building ------------------------------------------------------------------------
    def build(self):
        register_cjk_default_font(self.services.config.data_dir / FONT_CACHE_DIR)
        Builder.load_file(str(HERE / "widgets" / "theme.kv"))
        Builder.load_file(str(HERE / "widgets" / "overlays.kv"))
        Builder.load_file(str(HERE / "widgets" / "rating.kv"))
        self.rating = RatingOffer(self)
        self.read_on_open = ReadOnOpen(self)
        manager = ScreenManager(transition=NoTransition())
        self.nav = Navigator(manager, on_view=self._on_view, screen_for=self.screen)
        self.idle = IdleController(self)
        self.services.session.on_reset(self.reset_session)
        ExceptionManager.add_handler(KioskExceptionHandler(self))
        Window.bind(on_request_close=self._refuse_close, on_keyboard=self._on_keyboard)
        Window.bind(on_touch_down=self._on_any_touch)
        Clock.schedule_interval(self._tick_clock, 1.0)
        self._tick_clock()
        return manager

    def screen(self, route: str):
        """The screen for ``route``, built (kv loaded, widgets created) on its first use."""
        manager = self.root if self.root is not None else self.nav.manager
        if not manager.has_screen(route):
            module = importlib.import_module(f"screens.{route}")
            Builder.load_file(str(HERE / f"{route}.kv"))
            manager.add_widget(getattr(module, SCREENS[route])(name=route))
        return manager.get_screen(route)

    def on_start(self) -> None:
        # systemd's watchdog (deploy/terminal/legal-kiosk.service): READY now, pings from this loop.
        self.watchdog = attach_watchdog(Clock.schedule_interval, status="ready")
        self.nav.home()

    def on_stop(self) -> None:
        self.worker.shutdown()

    # -- app-wide behaviour ------------------------------------------------------------------
    def _refuse_close(self, *_args, **_kwargs) -> bool:
        return not getattr(self, "exit_allowed", False)

    def _on_keyboard(self, _window, key, *_args) -> bool:
        return key == KEY_ESCAPE  # swallow Esc so a keyboard on the terminal cannot quit

    def _on_any_touch(self, _window, _touch) -> None:
        if self.services.session.touch():
            self.services.telemetry.record("session.start", lang=self.lang)

    def _on_view(self, name: str, params: dict) -> None:
        self.services.telemetry.record("screen.view", screen=name)
        if name == "home":
            self.rating.dismiss()  # the rating question never follows a resident home
        if self.read_aloud and self.services.speech.available:
            # no voice: said once by the switch, not per screen
            self.read_on_open.screen_opened(name)

    def _tick_clock(self, *_args) -> None:
        now = now_local(self.services.config.terminal.timezone)
        self.now_text = self.tr(
            "home.datetime",
            year=now.year,
            month=now.month,
            day=now.day,
            weekday=self.tr(f"weekday.{now.weekday()}"),
            hh=f"{now.hour:02d}",
            mm=f"{now.minute:02d}",
        )
        self.online = self.services.online() and self.services.booking is not None
        self.content_stale = self.services.content_stale()

    def content_changed(self, version: int) -> None:
        """A content update was committed: redraw the browsing screen on show (others load on entry)."""
        logger.info(
            "content version %s: refreshing %s", version, self.nav.current if self.nav else None
        )
        if self.nav is not None and self.nav.current in REFRESH_ON_CONTENT:
            self.root.get_screen(self.nav.current).prepare(**self.nav.params)

    @property
    def utterance(self) -> int:
        """The number of the read-aloud that is current (a new one or a stop changes it)."""
        return self._utterance

    def speak(self, text, on_part=None) -> int:
        """Read ``text`` (a string, or a sequence of parts) aloud; ``on_part(index)`` is called on
        the UI thread as each part begins, while this utterance is current."""
        speech = self.services.speech
        if not text:
            return self._utterance
        if not speech.available:
            self.show_message(
                self.tr(getattr(speech, "reason", None) or "error.speech_unavailable")
            )
            return self._utterance
        chars = len(text) if isinstance(text, str) else sum(len(part) for part in text)
        self.services.telemetry.record("tts.speak", lang=self.lang, chars=chars)
        speech.slow = self.slow_speech
        self._utterance += 1
        utterance = self._utterance

        def ended(outcome: str) -> None:  # on the speech thread
            Clock.schedule_once(lambda _dt: self._speech_ended(utterance, outcome))

        def began(part: int) -> None:  # on the speech thread
            Clock.schedule_once(lambda _dt: on_part(part) if utterance == self._utterance else None)

        # returns at once; synthesis and playback run elsewhere
        self.speaking = bool(
            speech.speak(
                text,
                language=self.lang,
                on_done=ended,
                **({"on_part": began} if on_part is not None else {}),
            )
        )
        return utterance

    def _speech_ended(self, utterance: int, outcome: str) -> None:
        if utterance != self._utterance:
            return  # an older utterance, replaced by the one playing now
        self.speaking = False
        if outcome in ("failed", "timeout"):
            self.services.telemetry.record("tts.failed", outcome=outcome)
            self.show_message(self.tr("speech.no_sound"))

    def stop_speaking(self) -> None:
        self.read_on_open.cancel()
        self._utterance += 1
        self.services.speech.stop()
        self.speaking = False

    def show_message(self, text: str) -> MessageView:
        if self.message is not None:
            self.message.dismiss(animation=False)
        self.message = MessageView(text=text)
        self.message.open(animation=False)
        Clock.schedule_once(
            lambda _dt, m=self.message: m.dismiss(animation=False), self.message.timeout_s
        )
        return self.message

    def show_error(self, error: BaseException) -> None:
        key = error.message_key if isinstance(error, KioskError) else "error.generic"
        logger.warning("background call failed: %s: %s", type(error).__name__, error)
        self.services.telemetry.record("error.shown", kind=type(error).__name__)
        self.show_message(self.tr(key))

    def reset_session(self) -> None:
        """Session over: speech stopped, every screen cleared, home, settings back to defaults."""
        length = round(self.services.session.session_length_s())
        self.services.telemetry.record("session.end", length_s=length)
        self.stop_speaking()
        self.rating.dismiss()
        self.slow_speech = False
        self.elderly = False
        for screen in self.root.screens:
            screen.clear()
        for modal in (self.message, self.ticket_preview):
            if modal is not None:
                modal.dismiss(animation=False)
        ui = self.services.config.ui
        self.lang, self.font_scale, self.high_contrast = (
            ui.language,
            ui.font_scale,
            ui.high_contrast,
        )
        self.read_aloud = ui.read_aloud
        self.nav.home()
