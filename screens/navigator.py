"""Routes between screens: ``go(name, **params)``, ``back()``, ``home()``.

The navigator owns the history; screens are created on their first visit and then reused (Kivy
leaks textures when screens are rebuilt per visit). A screen's ``prepare(**params)`` runs before it is shown.
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

    def go(self, name: str, **params) -> None:
        if self.manager.current != name or params != self.params:
            self.history.append((self.manager.current, self.params))
            del self.history[:-MAX_HISTORY]
        self._show(name, params, "left")

    def back(self) -> None:
        if not self.history:
            self.home()
            return
        name, params = self.history.pop()
        self._show(name, params, "right")

    def home(self) -> None:
        self.history.clear()
        self._show(HOME, {}, "right")
