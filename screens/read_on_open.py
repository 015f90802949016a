"""Reading a screen aloud as it opens (长辈模式, or the read-aloud switch on home).

What is read is what the screen shows: its title, then its body and title text, its tiles (the
choices of home and the guide categories) and the first rows of a list, top to bottom (the top
bar's buttons are not read). A screen that loads its content in the background is read
once that content is on screen, or after :data:`CONTENT_WAIT_S` with whatever is there.
"""

from __future__ import annotations

import re

from kivy.clock import Clock

from screens.widgets.common import BodyLabel, ListItem, Tile, TopBar

# Screens not read on opening: the attract loop and maintenance are not a resident's; the guide
# reader reads itself, paragraph by paragraph with a highlight (screens/article.py).
NOT_READ_ON_OPEN = ("attract", "maintenance", "article")
CONTENT_WAIT_S = 3.0  # the longest wait for a screen's background loading before reading it
POLL_S = 0.1
LIST_ROWS_READ = 8  # a long list is not read to its end: the first rows tell what it holds
_MARKUP_TAG = re.compile(r"\[/?[a-z_]+(?:=[^\]]*)?\]")


def plain(text: str) -> str:
    """Text of a markup label as it reads (tags out, escapes back)."""
    text = _MARKUP_TAG.sub("", text)
    return text.replace("&bl;", "[").replace("&br;", "]").replace("&amp;", "&")


def spoken_parts(app, name: str, screen) -> list[str]:
    """The screen's title, then the text of its visible labels, tiles and first list rows, in
    screen order."""
    key = f"{name}.title"
    parts = [app.tr(key)] if app._translators[app.lang].has(key) else []
    widgets = list(screen.walk(restrict=True))
    skipped = {id(w) for bar in widgets if isinstance(bar, TopBar) for w in bar.walk(restrict=True)}
    rows = 0
    for widget in widgets:
        if id(widget) in skipped or widget.opacity == 0:
            continue
        if isinstance(widget, BodyLabel):
            text = widget.text
        elif isinstance(widget, Tile):
            text = plain(widget.text) if widget.markup else widget.text
        elif isinstance(widget, ListItem) and rows < LIST_ROWS_READ:
            rows += 1
            text = widget.title
        else:
            continue
        text = " ".join(text.split())
        if text and text not in parts:
            parts.append(text)
    return parts


class ReadOnOpen:
    """Reads each screen the resident opens; a newer screen (or leaving) replaces the wait."""

    def __init__(self, app) -> None:
        self.app = app
        self._event = None
        self._waited_s = 0.0

    def screen_opened(self, name: str) -> None:
        self.cancel()
        if name in NOT_READ_ON_OPEN:
            return
        self._waited_s = 0.0
        self._event = Clock.schedule_interval(lambda dt: self._poll(name, dt), POLL_S)

    def cancel(self) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None

    def _poll(self, name: str, dt: float) -> None:
        app = self.app
        if app.nav.current != name or not app.read_aloud:
            self.cancel()
            return
        self._waited_s += dt
        if app.worker.pending and self._waited_s < CONTENT_WAIT_S:
            return  # the screen's content is still on its way
        self.cancel()
        parts = spoken_parts(app, name, app.screen(name))
        if parts:
            app.speak(parts)
