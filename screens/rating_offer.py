"""Offers the one-tap satisfaction question after a service, and sends the answer.

``offer(service, article_id=...)`` puts a :class:`~screens.widgets.rating.RatingPrompt` along the
bottom of the window and shrinks the screens to end above it, so it covers nothing of what the
resident looks at (a list of guides, a booking's details and ticket); a tapped face is queued as a ``service.rated`` event through the outbox
(``service``, ``face`` and, for a guide, its id: nothing about the resident). The prompt never
blocks: it is not modal, and it leaves by itself, on 首页 and at the idle reset (``dismiss``).
"""

from __future__ import annotations

from kivy.clock import Clock
from kivy.core.window import Window

from contract.events import SATISFACTION_EVENT
from screens.widgets.rating import RATING_PROMPT_S, THANKS_S, RatingPrompt

ROOM_GAP = 16  # between the screens and the band


class RatingOffer:
    def __init__(self, app) -> None:
        self.app = app
        self.prompt: RatingPrompt | None = None  # made on the first question, then reused
        self.service = ""
        self.article_id: str | None = None
        self._timer = None

    @property
    def showing(self) -> bool:
        return self.prompt is not None and self.prompt.parent is not None

    def offer(self, service: str, *, article_id: str | None = None) -> None:
        """Ask how ``service`` (guide, booking) went; replaces a question still showing."""
        self.dismiss()
        if self.prompt is None:
            self.prompt = RatingPrompt()
            self.prompt.bind(
                on_rate=lambda _p, face: self.rate(face),
                on_close=self.close,
                height=self._make_room,
            )
        Window.add_widget(self.prompt)
        Window.bind(size=self._make_room)
        self._make_room()
        self.service, self.article_id = service, article_id
        self.prompt.thanks = ""
        self.prompt.title = self.app.tr(f"rating.title.{service}")
        self._leave_after(RATING_PROMPT_S)

    def _make_room(self, *_args) -> None:
        """Screens end above the band while it shows, and fill the window again after."""
        manager = self.app.root
        if manager is None:
            return
        prompt = self.prompt
        # y + height, not ``top``: this runs as the band's height changes, before its cached
        # ``top`` follows (which left the screens placed above the band's first, unwrapped and
        # many-lines-tall measure: off the top of the window on the first question after a start)
        room = prompt.y + prompt.height + ROOM_GAP if self.showing and prompt is not None else 0
        manager.size_hint_y = None if room else 1
        manager.y = room
        manager.height = Window.height - room

    def rate(self, face: str) -> None:
        if not self.showing or self.prompt is None or self.prompt.thanks:
            return
        props: dict = {"service": self.service, "face": face}
        if self.article_id:
            props["article_id"] = self.article_id
        self.app.services.telemetry.record(SATISFACTION_EVENT, **props)
        self.prompt.thanks = self.app.tr("rating.thanks")
        self._leave_after(THANKS_S)

    def close(self, *_args) -> None:
        """The resident's own "no thanks": nothing is sent."""
        self.dismiss()

    def dismiss(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.prompt is not None and self.prompt.parent is not None:
            self.prompt.parent.remove_widget(self.prompt)
            Window.unbind(size=self._make_room)
            self._make_room()

    def _leave_after(self, seconds: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = Clock.schedule_once(lambda _dt: self.dismiss(), seconds)
