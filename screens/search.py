"""Search with the on-screen keyboard: pinyin → candidate words, or letters (initials) as typed."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.utils import escape_markup

from screens.search_usage import record_search
from screens.widgets.base import KioskScreen
from screens.widgets.common import BigButton, Chip, ListItem
from screens.widgets.keyboard import LetterKeyboard
from screens.widgets.palette import markup_hex

MAX_LETTERS = 24
MAX_QUERY = 40
CANDIDATES = 12
RESULTS = 30
NEXT_CATEGORIES = 4
NEXT_GUIDES = 3


MATCH_OPEN, MATCH_CLOSE = "\u3010", "\u3011"  # how kiosk.search marks the match in a snippet


def highlight_snippet(snippet: str, rgba: list[float]) -> str:
    """Kivy markup for a snippet: the matched words bold and coloured, everything else escaped."""
    colour = markup_hex(rgba)
    safe = escape_markup(snippet)
    return safe.replace(MATCH_OPEN, f"[b][color={colour}]").replace(MATCH_CLOSE, "[/color][/b]")


class SearchScreen(KioskScreen):
    resident_input = True
    keeps_input_for = ("article", "guide_list")  # the guide opened from the results

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.words = ""  # Chinese words picked from the candidate bar
        self.letters = ""  # letters typed and not yet turned into a word
        self.results: list[dict] | None = None
        self._candidates_trigger = Clock.create_trigger(self._fetch_candidates, 0.05)
        self.keyboard: LetterKeyboard | None = None

    def _ensure_keyboard(self) -> None:
        if self.keyboard is None:
            self.keyboard = LetterKeyboard()
            self.keyboard.bind(
                on_key=lambda _k, ch: self.type_letter(ch),
                on_backspace=lambda _k: self.backspace(),
                on_clear=lambda _k: self.clear(),
                on_switch_mode=lambda _k: self.toggle_mode(),
                on_submit=lambda _k: self.submit(),
            )
            self.ids.keyboard_slot.add_widget(self.keyboard)

    def prepare(self, **_params) -> None:
        self._ensure_keyboard()
        self.refresh()
        # jieba's dictionary loads in about a second: on the worker now, so the first question
        # is answered at once (a no-op once loaded); the io lane, so typing never waits for it
        self.run(self.services.search.warm_up, lane="io")

    # -- typing ---------------------------------------------------------------------------
    @property
    def query(self) -> str:
        return (self.words + self.letters).strip()

    def type_letter(self, letter: str) -> None:
        if len(self.letters) < MAX_LETTERS:
            self.letters += letter
        self.refresh()

    def backspace(self) -> None:
        if self.letters:
            self.letters = self.letters[:-1]
        else:
            self.words = self.words[:-1]
        self.refresh()

    def toggle_mode(self) -> None:
        self.keyboard.mode = "letters" if self.keyboard.mode == "pinyin" else "pinyin"
        self.refresh()

    def pick(self, word: str) -> None:
        self.words = (self.words + word)[:MAX_QUERY]
        self.letters = ""
        self.refresh()
        self.submit()

    def clear(self) -> None:
        self.words = ""
        self.letters = ""
        self.results = None
        if self.keyboard is not None:
            self.keyboard.mode = "pinyin"
        if "candidates" in self.ids:
            # nothing of the last resident stays on screen; the popular chips are built again
            # by prepare() when the screen is next shown (not here, on the way out)
            self.ids.query.text = ""
            self.ids.candidates.clear_widgets()
            self.ids.results.clear_widgets()

    # -- showing ----------------------------------------------------------------------------
    def refresh(self) -> None:
        # letters not yet a word: underlined in the theme's primary colour (high contrast too),
        # so they never look like the grey placeholder
        colour = markup_hex(self.app.c_primary)
        typed = (
            f"[u][color={colour}]{escape_markup(self.letters)}[/color][/u]" if self.letters else ""
        )
        self.ids.query.text = escape_markup(self.words) + typed
        if not self.query:
            self.ids.query.text = ""
        self.ids.candidates.clear_widgets()
        if self.letters and self.keyboard is not None and self.keyboard.mode == "pinyin":
            self._candidates_trigger()
        if self.results is None:
            self.show_popular()

    def _fetch_candidates(self, _dt) -> None:
        letters = self.letters
        store, search = self.services.store, self.services.search
        self.run(
            search.candidates,
            store,
            letters,
            limit=CANDIDATES,
            on_done=lambda rows: self.show_candidates(letters, rows),
        )

    def show_candidates(self, letters: str, rows: list[dict]) -> None:
        if letters != self.letters:
            return  # the resident typed on; a newer request is coming
        bar = self.ids.candidates
        bar.clear_widgets()
        for row in rows:
            chip = Chip(text=row["word"], payload=row["word"])
            chip.bind(on_release=lambda c: self.pick(c.payload))
            bar.add_widget(chip)

    def show_popular(self) -> None:
        box = self.ids.results
        box.clear_widgets()
        box.add_widget(self._heading(self.tr("search.popular")))
        chips = self._chip_row([w for w in self.tr("search.popular_terms").split("|") if w])
        box.add_widget(chips)

    def _heading(self, text: str):
        from screens.widgets.common import BodyLabel

        return BodyLabel(text=text, tone="muted")

    def _chip_row(self, words: list[str]):
        from kivy.uix.stacklayout import StackLayout

        row = StackLayout(size_hint_y=None, spacing=12)
        row.bind(minimum_height=row.setter("height"))
        for word in words:
            chip = Chip(text=word, payload=word)
            chip.bind(on_release=lambda c: self.search_for(c.payload))
            row.add_widget(chip)
        return row

    # -- searching ----------------------------------------------------------------------------
    def search_for(self, word: str) -> None:
        self.words, self.letters = word, ""
        self.refresh()
        self.submit()

    def submit(self) -> None:
        query = self.query
        if not query:
            return
        store, search = self.services.store, self.services.search
        self.run(
            search.search,
            store,
            query,
            limit=RESULTS,
            on_done=lambda rows: self.show_results(query, rows),
        )

    def show_results(self, query: str, rows: list[dict]) -> None:
        self.results = rows
        good = [r for r in rows if r.get("match") == "good"]
        related = [r for r in rows if r.get("match") != "good"]
        record_search(
            self,
            query,
            good,
            related=len(related),
            mode=self.keyboard.mode if self.keyboard is not None else "pinyin",
        )
        box = self.ids.results
        box.clear_widgets()
        if good:
            box.add_widget(self._heading(self.tr("search.found", count=len(good), query=query)))
            self._add_items(good)
        else:
            box.add_widget(self._heading(self.tr("search.no_good", query=query)))
        if related:
            box.add_widget(self._heading(self.tr("search.related")))
            self._add_items(related)
        if not good:
            self.offer_next_steps(related)

    def _add_items(self, rows: list[dict]) -> None:
        box = self.ids.results
        for row in rows:
            item = ListItem(
                title=row["title"],
                detail=highlight_snippet(row.get("snippet") or "", self.app.c_primary),
                detail_markup=True,
                payload=row,
            )
            item.bind(on_release=lambda i: self.app.nav.go("article", article_id=i.payload["id"]))
            box.add_widget(item)

    # -- never a dead end ---------------------------------------------------------------------
    def offer_next_steps(self, related: list[dict]) -> None:
        """No guide covers the question well: the closest categories, most-read guides, 12348, an adviser."""
        names = []
        for row in related:
            if row.get("category") and row["category"] not in names:
                names.append(row["category"])
        self.run(
            self._next_steps_content,
            names,
            on_done=self._show_next_steps,
            on_error=lambda _e: self._show_next_steps(([], [])),
        )

    def _next_steps_content(self, names: list[str]) -> tuple[list[dict], list[dict]]:
        """(closest categories, their most-read guides) — runs on the worker."""
        store = self.services.store
        categories = store.categories_with_counts()
        chosen = [c for name in names for c in categories if c["name"] == name][:NEXT_CATEGORIES]
        if not chosen:
            chosen = [c for c in categories if c.get("count")][:NEXT_CATEGORIES]
        popular = store.popular_articles(
            limit=NEXT_GUIDES, category_ids=[c["id"] for c in chosen] or None
        )
        return chosen, popular

    def _show_next_steps(self, content: tuple[list[dict], list[dict]]) -> None:
        categories, popular = content
        box = self.ids.results
        if categories:
            box.add_widget(self._heading(self.tr("search.closest_categories")))
            row = self._chip_row([])
            for category in categories:
                chip = Chip(text=category["name"], payload=category)
                chip.bind(
                    on_release=lambda c: self.app.nav.go(
                        "guide_list", category_id=c.payload["id"], title=c.payload["name"]
                    )
                )
                row.add_widget(chip)
            box.add_widget(row)
        if popular:
            box.add_widget(self._heading(self.tr("search.most_read")))
            for article in popular:
                item = ListItem(title=article["title"], detail=article.get("summary") or "")
                item.payload = article
                item.bind(
                    on_release=lambda i: self.app.nav.go("article", article_id=i.payload["id"])
                )
                box.add_widget(item)
        hotline = BigButton(text=self.tr("search.call_hotline"), role="accent")
        hotline.bind(on_release=lambda _b: self.app.nav.go("hotline"))
        adviser = BigButton(text=self.tr("search.book_adviser"), role="primary")
        adviser.bind(on_release=lambda _b: self.app.nav.go("booking"))
        box.add_widget(hotline)
        box.add_widget(adviser)
