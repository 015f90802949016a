"""Offers the one-tap satisfaction question after a service, and sends the answer.

``offer(service, article_id=...)`` lays a :class:`~screens.widgets.rating.RatingPrompt` over the
bottom of the window; a tapped face is queued as a ``service.rated`` event through the outbox
(``service``, ``face`` and, for a guide, its id: nothing about the resident). The prompt never
blocks: it is not modal, and it leaves by itself, on 首页 and at the idle reset (``dismiss``).
"""

from __future__ import annotations

from kivy.clock import Clock
from kivy.core.window import Window

from contract.events import SATISFACTION_EVENT
from screens.widgets.rating import RATING_PROMPT_S, THANKS_S, RatingPanel, RatingPrompt


class RatingOffer:
    def __init__(self, app) -> None:
        self.app = app
        self.prompt: RatingPanel | None = None  # the one asking now
        self._floating: RatingPrompt | None = None
        self._inline: RatingPanel | None = None
        self.service = ""
        self.article_id: str | None = None
        self._timer = None

    @property
    def showing(self) -> bool:
        return self.prompt is not None and self.prompt.parent is not None

    def offer(self, service: str, *, article_id: str | None = None, into=None) -> None:
        """Ask how ``service`` (guide, booking) went; replaces a question still showing.

        :param into: a layout of the screen to put the question in (at its end) instead of
            floating it over the bottom of the window.
        """
        self.dismiss()
        if into is None:
            if self._floating is None:
                self._floating = self._made(RatingPrompt())
            self.prompt = self._floating
            Window.add_widget(self.prompt)
        else:
            if self._inline is None:
                self._inline = self._made(RatingPanel())
            self.prompt = self._inline
            into.add_widget(self.prompt)
        self.service, self.article_id = service, article_id
        self.prompt.thanks = ""
        self.prompt.title = self.app.tr(f"rating.title.{service}")
        self._leave_after(RATING_PROMPT_S)

    def _made(self, panel: RatingPanel) -> RatingPanel:
        panel.bind(on_rate=lambda _p, face: self.rate(face), on_close=self.close)
        return panel

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

    def _leave_after(self, seconds: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = Clock.schedule_once(lambda _dt: self.dismiss(), seconds)
