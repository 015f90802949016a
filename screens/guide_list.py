"""The guides of one category, titles with their summaries; above them the category's hot
questions ("大家常问"), each a big button that searches for it with no typing."""

from __future__ import annotations

from kivy.uix.gridlayout import GridLayout

from screens.widgets.base import KioskScreen
from screens.widgets.common import BigButton, BodyLabel, ListItem

MAX_ROWS = 200
HOT_COLUMNS = 2


class HotQuestionButton(BigButton):
    """One hot question: finger-sized, wrapping, and plain text (never Kivy markup)."""


class GuideListScreen(KioskScreen):
    def prepare(self, category_id: str = "", title: str = "", **_params) -> None:
        self.ids.bar.title = title
        self.ids.grid.clear_widgets()
        self.ids.hot.clear_widgets()
        self.run(self.services.store.category, category_id, on_done=self.show_hot)
        self.run(self.services.store.articles_in_category, category_id, on_done=self.show)

    def show(self, articles: list[dict]) -> None:
        grid = self.ids.grid
        grid.clear_widgets()
        for article in articles[:MAX_ROWS]:
            item = ListItem(
                title=article["title"], detail=article.get("summary") or "", payload=article
            )
            item.bind(on_release=self.open_article)
            grid.add_widget(item)
        self.ids.scroll.scroll_y = 1

    def show_hot(self, category: dict | None) -> None:
        """The hot questions of the category (nothing at all when it has none)."""
        box = self.ids.hot
        box.clear_widgets()
        questions = (category or {}).get("hot_questions") or []
        if not questions:
            return
        box.add_widget(BodyLabel(text=self.tr("guide_list.hot"), tone="primary", bold=True))
        buttons = GridLayout(cols=HOT_COLUMNS, spacing=16, size_hint_y=None)
        buttons.bind(minimum_height=buttons.setter("height"))
        for question in questions:
            button = HotQuestionButton(text=question, payload=question)
            button.bind(on_release=self.ask)
            buttons.add_widget(button)
        box.add_widget(buttons)
        box.add_widget(BodyLabel(text=self.tr("guide_list.guides"), tone="muted"))

    def ask(self, button) -> None:
        """Search for the tapped question, as if the resident had typed it."""
        self.app.nav.go("search")
        self.app.screen("search").search_for(button.payload)

    def open_article(self, item) -> None:
        self.app.nav.go("article", article_id=item.payload["id"])
