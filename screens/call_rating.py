"""After a call: "were you satisfied?" — five big buttons (1–5) and "skip"; the rating is queued
as a ``call_rated`` event (outbox), then the resident is thanked and sent home."""

from __future__ import annotations

from kivy.properties import NumericProperty

from screens.widgets.base import KioskScreen


class CallRatingScreen(KioskScreen):
    call_id = NumericProperty(0)

    def prepare(self, call_id: int = 0, **_params) -> None:
        self.call_id = call_id

    def rate(self, rating: int) -> None:
        if self.services.video is not None and self.call_id:
            self.services.video.rate(self.call_id, rating)
        self.app.show_message(self.tr("video.kiosk.rate_thanks"))
        self.app.nav.home()

    def skip(self) -> None:
        self.record("call.rating_skipped")
        self.app.nav.home()

    def clear(self) -> None:
        self.call_id = 0
