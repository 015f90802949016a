"""Routes between screens: ``go(name, **params)``, ``back()``, ``home()``.

The navigator owns the history; screens are created on their first visit and then reused (Kivy
leaks textures when screens are rebuilt per visit). A screen's ``prepare(**params)`` runs before it is shown.

A screen that holds what a resident typed (``resident_input = True``: the booking form, the search
box, a booking code, the maintenance PIN) is cleared the moment the resident leaves it — by 首页,
by 返回, or by going anywhere not listed in its ``keeps_input_for`` (search keeps its results for
the guide opened from them) — so the next person never sees the last one's name or phone.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

HOME = "home"
MAX_HISTORY = 30


class Navigator:
    def __init__(self, manager, *, on_view=None, screen_for=None) -> None:
        self.manager = manager
        self._screen_for = screen_for or manager.get_screen
        self.history: list[tuple[str, dict]] = []
        self.params: dict = {}
        self._on_view = on_view

    @property
    def current(self) -> str:
        return self.manager.current

    def _show(self, name: str, params: dict, direction: str) -> None:
        screen = self._screen_for(name)
        self.params = params
        prepare = getattr(screen, "prepare", None)
        if prepare is not None:
            prepare(**params)
        self.manager.transition.direction = direction
        self.manager.current = name
        if self._on_view is not None:
            self._on_view(name, params)

    def _leave(self, next_name: str, *, forward: bool) -> None:
        """Clear the screen being left if it holds a resident's input and this leaves its flow."""
        current = self.manager.current
        if current == next_name or current not in self.manager.screen_names:
            return
        screen = self._screen_for(current)
        if not getattr(screen, "resident_input", False):
            return
        if forward and next_name in getattr(screen, "keeps_input_for", ()):
            return
        screen.clear()

    def go(self, name: str, **params) -> None:
        self._leave(name, forward=True)
        if self.manager.current != name or params != self.params:
            self.history.append((self.manager.current, self.params))
            del self.history[:-MAX_HISTORY]
        self._show(name, params, "left")

    def back(self) -> None:
        if not self.history:
            self.home()
            return
        name, params = self.history.pop()
        self._leave(name, forward=False)
        self._show(name, params, "right")

    def home(self) -> None:
        """Home, and every screen of the way here that holds a resident's input cleared."""
        self._leave(HOME, forward=False)
        for name in {n for n, _params in self.history if n in self.manager.screen_names}:
            screen = self._screen_for(name)
            if getattr(screen, "resident_input", False) and name != self.manager.current:
                screen.clear()
        self.history.clear()
        self._show(HOME, {}, "right")
