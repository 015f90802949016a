"""12348: the public legal-service hotline as a help screen of its own (issue 13).

The number in very large digits, when to call, what the line helps with, a ``tel:`` QR to call
from a phone, and read-aloud of all of it. Every inner screen reaches it from the top bar.
"""

from __future__ import annotations

from screens.widgets.base import KioskScreen

HELP_KEYS = (
    "hotline.helps.advice",
    "hotline.helps.legal_aid",
    "hotline.helps.mediation",
    "hotline.helps.services",
    "hotline.helps.complaints",
)


class HotlineScreen(KioskScreen):
    def prepare(self, **_params) -> None:
        self.ids.qr.payload = self.services.tickets.hotline_payload()
        self.ids.bar.speak_callback = self.read_aloud
        self.ids.bar.show_speak = bool(self.services.speech.available)
        self.record("hotline.view")

    def help_text(self) -> str:
        return "\n".join("· " + self.tr(key) for key in HELP_KEYS)

    def read_aloud(self) -> None:
        spoken = [
            self.tr("hotline.spoken_number"),
            self.tr("hotline.hours"),
            self.tr("hotline.helps_title"),
            *(self.tr(key) for key in HELP_KEYS),
            self.tr("hotline.qr_hint"),
            self.tr("hotline.ask_staff"),
        ]
        self.speak("。".join(s.rstrip("。：:") for s in spoken))
