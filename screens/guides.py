"""Guides: the categories with their article counts."""

from __future__ import annotations

from kivy.utils import escape_markup

from screens.widgets.base import KioskScreen
from screens.widgets.common import Tile


class GuidesScreen(KioskScreen):
    def prepare(self, **_params) -> None:
        self.run(self.services.store.categories_with_counts, on_done=self.show)

    def category_name(self, category: dict) -> str:
        if self.app.lang == "en" and category.get("name_en"):
            return category["name_en"]
        return category["name"]

    shown_key = None

    def show(self, categories: list[dict]) -> None:
        key = (
            self.app.lang,
            self.app.font_scale,
            tuple((c["id"], c.get("count")) for c in categories),
        )
        if key == self.shown_key:
            return  # same tiles as last time: reuse them (rebuilding costs textures and time)
        self.shown_key = key
        grid = self.ids.grid
        grid.clear_widgets()
        for category in categories:
            count = category.get("count", 0)
            if not count:
                continue  # an empty category would be a dead end for a resident
            # the tile is a markup label (the count is smaller): the name is content, so escaped
            tile = Tile(
                text=f"{escape_markup(self.category_name(category))}\n"
                f"[size={int(28 * self.app.font_scale)}]"
                f"{escape_markup(self.tr('guides.count', count=count))}[/size]",
                role="primary",
                payload=category,
            )
            tile.bind(on_release=self.open_category)
            grid.add_widget(tile)

    def open_category(self, tile) -> None:
        category = tile.payload
        self.app.nav.go(
            "guide_list", category_id=category["id"], title=self.category_name(category)
        )

    def clear(self) -> None:
        """The session is over: the next resident's guides start at the top, not where the last
        one scrolled to (what they looked for is nobody else's business)."""
        if "scroll" not in self.ids:
            return
        scroll = self.ids.scroll
        effect = scroll.effect_y
        if effect is not None:
            effect.velocity = 0  # a fling still coasting would carry the list down again
            effect.value = effect.max  # the effect's top, where scroll_y 1 is
        scroll.scroll_y = 1
