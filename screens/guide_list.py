"""The guides of one category, titles with their summaries."""

from __future__ import annotations

from screens.widgets.base import KioskScreen
from screens.widgets.common import ListItem

MAX_ROWS = 200


class GuideListScreen(KioskScreen):
    def prepare(self, category_id: str = "", title: str = "", **_params) -> None:
        self.ids.bar.title = title
        self.ids.grid.clear_widgets()
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

    def open_article(self, item) -> None:
        self.app.nav.go("article", article_id=item.payload["id"])
