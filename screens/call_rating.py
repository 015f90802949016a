"""After a call: "were you satisfied?" — the three faces of the rating prompt
(:class:`~screens.widgets.rating.RatingFaces`) and "skip". A face is queued as a ``call_rated``
event (1-5 for the advisers' ledger: 5, 3, 1) and as ``service.rated`` (the satisfaction counts),
then the resident is thanked and sent home."""

from __future__ import annotations

from kivy.properties import NumericProperty

from contract.events import SATISFACTION_EVENT
from screens.widgets.base import KioskScreen
from screens.widgets.rating import FACE_STARS


class CallRatingScreen(KioskScreen):
    call_id = NumericProperty(0)

    def prepare(self, call_id: int = 0, **_params) -> None:
        self.call_id = call_id

    def rate(self, face: str) -> None:
        if self.services.video is not None and self.call_id:
            self.services.video.rate(self.call_id, FACE_STARS[face])
        self.record(SATISFACTION_EVENT, service="call", face=face)
        self.app.show_message(self.tr("video.kiosk.rate_thanks"))
        self.app.nav.home()

    def skip(self) -> None:
        self.record("call.rating_skipped")
        self.app.nav.home()

    def clear(self) -> None:
        self.call_id = 0
