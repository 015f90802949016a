"""Shared widgets: big buttons, tiles, chips, labels, the top bar, QR view and messages."""

from __future__ import annotations

import io
import logging

from kivy.app import App
from kivy.core.image import Image as CoreImage
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image
from kivy.uix.label import Label
from kivy.uix.modalview import ModalView

logger = logging.getLogger(__name__)

MIN_TOUCH_PX = 88
MIN_ONE_LINE_PX = 18  # the smallest a one-line label shrinks to
MIN_TITLE_PX = 30  # the smallest a top bar title shrinks to (an elderly reader, arm's length)
ONE_LINE_SHRINK = 0.75  # a title keeps one line if that needs no more than this much shrinking


class KioskButton(ButtonBehavior, Label):
    """Colours and shape of every button; ``role`` picks the colours."""

    role = StringProperty("primary")  # primary, accent, chip, plain
    bg = ListProperty([0, 0, 0, 1])
    fg = ListProperty([1, 1, 1, 1])
    payload = ObjectProperty(None, allownone=True)


class BigButton(KioskButton):
    """A finger-sized button: at least 96 px high, wrapping its text."""

    base_size = NumericProperty(32)


class Tile(KioskButton):
    """A home or category tile: a big square-ish button with large text."""


class Chip(KioskButton):
    """A one-line choice (type filter, candidate word, popular search), as wide as its text."""

    selected = BooleanProperty(False)


class ListItem(ButtonBehavior, BoxLayout):
    """A tappable row with a title and a second line (snippet, summary, distance)."""

    title = StringProperty("")
    detail = StringProperty("")
    detail_markup = BooleanProperty(False)  # True only for text made safe by highlight_snippet
    side = StringProperty("")
    payload = ObjectProperty(None, allownone=True)


class BodyLabel(Label):
    """Wrapping body text; ``base_size`` (px at scale 1) and ``tone`` replace font_size/color.

    Lines break by the rules of Chinese typesetting (:mod:`screens.widgets.line_breaks`): no line
    starts with closing punctuation or ends with an opening one. ``text`` stays the text as given;
    only what is drawn carries the breaks.
    """

    base_size = NumericProperty(30)
    tone = StringProperty("text")  # text, muted, primary, accent
    reading = BooleanProperty(False)  # being read aloud now: drawn on a highlight band

    def texture_update(self, *largs) -> None:
        from screens.widgets.line_breaks import broken_for

        if not self.markup:
            # Width and font are final here (one update per frame): break the text for them.
            self._label.text = broken_for(self, self.text)
        super().texture_update(*largs)


class TitleLabel(BodyLabel):
    base_size = NumericProperty(44)


class OneLineLabel(Label):
    """Text that must stay on one line (a date and time): never wrapped, the type shrinks to fit.

    ``base_size`` (px at scale 1) and ``tone`` as in :class:`BodyLabel`.
    """

    base_size = NumericProperty(36)
    tone = StringProperty("text")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.bind(text=self._refit, base_size=self._refit)
        App.get_running_app().bind(font_scale=self._refit)
        self._refit()

    def on_parent(self, _label, parent) -> None:
        if parent is not None:
            parent.bind(width=self._refit)
            self._refit()

    def _refit(self, *_args) -> None:
        """As wide as its text (so it sits left like the labels around it), at most the parent's
        width: the type shrinks when the text would be wider."""
        size = self.base_size * App.get_running_app().font_scale
        self.font_size = size
        self.texture_update()
        room = self.parent.width if self.parent is not None else 0
        if room > 1 and self.texture_size[0] > room:
            self.font_size = max(MIN_ONE_LINE_PX, size * room / self.texture_size[0] * 0.97)
            self.texture_update()


class BarTitle(Label):
    """The top bar's title: shown in full whenever it can be, at a size an elderly reader reads.

    One line at the full size if it fits; else one line shrunk to no less than
    ``ONE_LINE_SHRINK`` of it; else two lines at the largest size that fits (the bar grows to
    hold them); only below ``MIN_TITLE_PX`` on two lines is the end cut with an ellipsis (the
    title is still read aloud in full when reading aloud is on).
    """

    base_size = NumericProperty(40)
    lines = NumericProperty(1)  # how many lines the title was laid out on

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.bind(text=self._refit, base_size=self._refit, width=self._refit)
        App.get_running_app().bind(font_scale=self._refit)

    def _laid_out(self, size: float, max_lines: int = 0) -> int:
        self.font_size = size
        self.max_lines = max_lines
        self.shorten = max_lines > 0
        self.texture_update()
        # the core label's own lines (it breaks words too long for the width by character)
        return len(self._label._cached_lines)

    def _refit(self, *_args) -> None:
        if self.width <= 1 or not self.text:
            return
        self.text_size = (self.width, None)
        full = self.base_size * App.get_running_app().font_scale
        sizes = [full * (1 - step / 20) for step in range(20)]
        sizes = [s for s in sizes if s >= MIN_TITLE_PX] or [MIN_TITLE_PX]
        one_line = [s for s in sizes if s >= full * ONE_LINE_SHRINK]
        for size, lines in [(s, 1) for s in one_line] + [(s, 2) for s in sizes]:
            if self._laid_out(size) <= lines:
                self.lines = lines
                return
        self.lines = self._laid_out(MIN_TITLE_PX, max_lines=2)


class TopBar(BoxLayout):
    title = StringProperty("")
    show_hotline = BooleanProperty(True)  # 12348 one tap away from every inner screen
    show_speak = BooleanProperty(False)
    speak_callback = ObjectProperty(None, allownone=True)


class QRView(Image):
    """Shows a QR code for ``payload`` (made with the tickets part, or qrcode directly)."""

    payload = StringProperty("")
    box_px = NumericProperty(8)
    fit_mode = StringProperty("contain")

    def on_payload(self, _instance, payload: str) -> None:
        if not payload:
            self.texture = None
            return
        try:
            image = App.get_running_app().services.tickets.qr_image(
                payload, box_px=int(self.box_px)
            )
        except ValueError:  # PayloadTooLong: better no code than an unreadable one
            logger.warning("QR payload of %d characters does not fit; no code shown", len(payload))
            self.texture = None
            return
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="png")
        buffer.seek(0)
        self.texture = CoreImage(buffer, ext="png").texture


class MessageView(ModalView):
    """A kind sentence and a next step, closed with one big button or after ``timeout_s``."""

    text = StringProperty("")
    timeout_s = NumericProperty(12)
