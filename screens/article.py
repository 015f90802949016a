"""The reader: one guide in large text, the laws it rests on, read aloud, and a QR to take along."""

from __future__ import annotations

import re
import time

from screens.law_basis import law_lines
from screens.widgets.base import KioskScreen
from screens.widgets.common import TitleLabel
from screens.widgets.reader_label import ReaderLabel

LIST_NUMBER_RE = re.compile(r"^(\d+[.\u3001)\uff09])\s+")
PARAGRAPH_CHARS = 1500  # long paragraphs are split so no label texture gets too tall


def paragraphs(body: str) -> list[str]:
    """Body text as paragraphs; "1. text" keeps its number on the line (no break after it)."""
    parts = [LIST_NUMBER_RE.sub("\\1\u00a0", p.strip()) for p in body.split("\n") if p.strip()]
    out: list[str] = []
    for part in parts:
        out.extend(part[i : i + PARAGRAPH_CHARS] for i in range(0, len(part), PARAGRAPH_CHARS))
    return out


class ArticleScreen(KioskScreen):
    article: dict | None = None
    GUIDE_READ_S = 8.0  # on screen this long (or read aloud): the guide counts as read
    _shown_at: float | None = None
    _read_aloud = False
    _utterance: int | None = None  # the app's number of our read-aloud
    reading_index: int | None = None  # the part highlighted now
    parts: list = []

    def prepare(self, article_id: str = "", **_params) -> None:
        self.ids.bar.speak_callback = self.read_aloud
        self.ids.bar.show_speak = bool(self.services.speech.available)
        if self.article is None or self.article["id"] != article_id:
            self.ids.text.clear_widgets()
            self.ids.qr.payload = ""
        self.run(self.services.store.article, article_id, on_done=self.show)

    def show(self, article: dict | None) -> None:
        if article is None:
            self.app.show_message(self.tr("article.missing"))
            self.app.nav.back()
            return
        self.article = article
        self._shown_at, self._read_aloud = time.monotonic(), False
        self.record(
            "article.view", article_id=article["id"], category_id=article.get("category_id", "")
        )
        self.stop_reading()
        box = self.ids.text
        box.clear_widgets()
        # (label, its text): what read-aloud speaks part by part, highlighting each label in turn
        self.parts = [(TitleLabel(text=article["title"]), article["title"])]
        if article.get("summary"):
            label = ReaderLabel(text=article["summary"], tone="primary", bold=True)
            self.parts.append((label, article["summary"]))
        self.parts += [(ReaderLabel(text=p), p) for p in paragraphs(article["body"])]
        lines = law_lines(self.tr, article.get("law_refs"))
        if lines:
            heading = self.tr("article.law_refs")
            self.parts.append((TitleLabel(text=heading, base_size=36), heading))
            # content as text: BodyLabel never interprets markup
            self.parts += [(ReaderLabel(text=line), line) for line in lines]
        for label, _text in self.parts:
            box.add_widget(label)
        self.ids.scroll.scroll_y = 1
        hub = self.services.config.hub.url
        self.ids.qr.payload = self.services.tickets.article_payload(
            hub, article, language=self.app.lang
        )
        self.record("qr.show", kind="article", article_id=article["id"])
        if self.app.read_aloud and self.services.speech.available:
            self.read_aloud()  # the resident switched read-aloud on at home

    def on_leave(self, *_args) -> None:
        """Leaving a guide that was read for anywhere but 首页: the one-tap rating question."""
        article, shown_at = self.article, self._shown_at
        self._shown_at = None
        if article is None or shown_at is None or self.app.nav.current == "home":
            return
        if self._read_aloud or time.monotonic() - shown_at >= self.GUIDE_READ_S:
            self.app.rating.offer("guide", article_id=article["id"])

    def read_aloud(self) -> None:
        """Read the guide part by part; the part being read is highlighted and scrolled to."""
        if self.article is not None and self.parts:
            self._read_aloud = True
            self.stop_reading()
            self._utterance = self.speak(
                [text for _label, text in self.parts], on_part=self.reading
            )
            self.app.bind(speaking=self._speaking_changed)

    def reading(self, index: int) -> None:
        """Part ``index`` began to sound: it alone is highlighted, and scrolled into view."""
        if not 0 <= index < len(self.parts) or self._utterance != self.app.utterance:
            return
        for number, (label, _text) in enumerate(self.parts):
            label.reading = number == index
        self.reading_index = index
        self.ids.scroll.scroll_to(self.parts[index][0], padding=40, animate=False)

    def _speaking_changed(self, _app, speaking: bool) -> None:
        if not speaking:
            self.stop_reading()

    def stop_reading(self) -> None:
        """No highlight any more (speech ended, 停止, a new guide, leaving)."""
        self.app.unbind(speaking=self._speaking_changed)
        self.reading_index = None
        for label, _text in self.parts:
            label.reading = False

    def on_pre_leave(self, *_args) -> None:
        if self._utterance is not None and self._utterance == self.app.utterance:
            self.app.stop_speaking()  # our guide, still being read: leaving stops it
        self._utterance = None
        self.stop_reading()

    def print_guide(self) -> None:
        if self.article is not None:
            from screens.printing import print_article

            print_article(self.app, self.article)

    def page(self, direction: int) -> None:
        """Scroll by most of a screen: +1 up, -1 down (for residents who do not swipe)."""
        scroll = self.ids.scroll
        step = scroll.convert_distance_to_scroll(0, scroll.height * 0.8)[1]
        scroll.scroll_y = min(1.0, max(0.0, scroll.scroll_y + direction * step))

    def clear(self) -> None:
        self.stop_reading()
        self.parts = []
        self.article = None
        self.ids.text.clear_widgets()
        self.ids.qr.payload = ""
