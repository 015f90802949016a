"""The attract screen after idle: announcements and tips in turn; any touch wakes the terminal."""

from __future__ import annotations

from kivy.clock import Clock

from screens.widgets.base import KioskScreen

SLIDE_S = 8.0
TIP_KEYS = ("attract.tip.1", "attract.tip.2", "attract.tip.3", "attract.tip.4")


class AttractScreen(KioskScreen):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.slides: list[tuple[str, str]] = []
        self.index = 0
        self._event = None

    def prepare(self, **_params) -> None:
        self.slides = [(self.tr("attract.tip_title"), self.tr(key)) for key in TIP_KEYS]
        self.index = 0
        self.show_slide()
        self.run(self.services.store.announcements, on_done=self.add_announcements)

    def add_announcements(self, announcements: list[dict]) -> None:
        self.slides = [(a["title"], a.get("body", "")) for a in announcements] + self.slides
        self.index = 0
        self.show_slide()

    def on_enter(self, *_args) -> None:
        self._event = Clock.schedule_interval(self.next_slide, SLIDE_S)

    def on_leave(self, *_args) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None

    def next_slide(self, *_args) -> None:
        if self.slides:
            self.index = (self.index + 1) % len(self.slides)
            self.show_slide()

    def show_slide(self) -> None:
        if self.slides:
            title, body = self.slides[self.index]
            self.ids.slide_title.text = title
            self.ids.slide_body.text = body

    def on_touch_down(self, touch) -> bool:
        self.app.nav.home()
        return True
