"""A body-text label that breaks lines by the rules of Chinese typesetting (:mod:`kiosk.text_wrap`).

Kivy breaks a run of Chinese at whatever character reaches the edge, so lines can start with
"，" or end with "（". :class:`ReaderLabel` wraps its ``source`` text itself, measured with the
label's own font, and shows the result; Kivy then has nothing left to break. Setting ``text``
(from kv or Python) sets the source, so it is used like any label.
"""

from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import StringProperty

from kiosk.text_wrap import wrap_text
from screens.widgets.common import BodyLabel
from screens.widgets.line_breaks import FIT, text_width


class ReaderLabel(BodyLabel):
    source = StringProperty("")

    def __init__(self, **kwargs) -> None:
        self._shown = ""
        if "text" in kwargs:
            kwargs.setdefault("source", kwargs.pop("text"))
        super().__init__(**kwargs)
        self._rewrap_trigger = Clock.create_trigger(self._rewrap, -1)
        for name in ("source", "width", "font_size", "font_name", "bold"):
            self.bind(**{name: self._rewrap_trigger})
        self._shown = self.source  # shown as it is until the label has its width (next frame)
        self.text = self.source
        self._rewrap_trigger()

    def on_text(self, _label, value: str) -> None:
        if value != self._shown:  # set from outside: that is the new source
            self.source = value

    def measure(self, text: str) -> float:
        return text_width(text, self.font_name, float(self.font_size), bool(self.bold))

    def _rewrap(self, *_args) -> None:
        if self.width <= 1 or not self.source:
            self._shown = self.source
            self.text = self.source
            return
        self._shown = "\n".join(wrap_text(self.source, self.measure, self.width * FIT))
        self.text = self._shown
