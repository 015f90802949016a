"""Connects the Kivy-free :class:`kiosk.session.IdleSession` to the screen: countdown and attract."""

from __future__ import annotations

import logging

from kivy.clock import Clock
from kivy.properties import NumericProperty
from kivy.uix.modalview import ModalView

from kiosk import session as states

logger = logging.getLogger(__name__)

TICK_S = 0.5


class CountdownView(ModalView):
    """ "Are you still there?" with the seconds left and a big continue button."""

    seconds = NumericProperty(0)


class IdleController:
    def __init__(self, app) -> None:
        self.app = app
        self.session = app.services.session
        self.view: CountdownView | None = None
        self._event = Clock.schedule_interval(self.tick, TICK_S)

    def tick(self, *_args) -> None:
        action = self.session.tick()
        if action == states.START_COUNTDOWN:
            self.show_countdown()
        elif action == states.RESET:
            self.hide_countdown()
        elif action == states.SHOW_ATTRACT:
            self.app.nav.go("attract")
        if self.view is not None:
            if self.session.state != states.COUNTDOWN:
                self.hide_countdown()
            else:
                self.view.seconds = int(self.session.seconds_left() + 0.999)

    def show_countdown(self) -> None:
        if self.view is None:
            self.view = CountdownView(seconds=int(self.session.seconds_left() + 0.999))
            self.view.open(animation=False)

    def keep_going(self) -> None:
        self.session.keep_going()
        self.hide_countdown()

    def hide_countdown(self) -> None:
        if self.view is not None:
            self.view.dismiss(animation=False)
            self.view = None
