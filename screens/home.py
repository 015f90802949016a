"""Home: big tiles for what residents come for, place, date and time, and the switches."""

from __future__ import annotations

from kiosk.pin import CornerTaps
from screens.widgets.base import KioskScreen

TILES = (
    ("guides", "home.tile.guides", "primary"),
    ("search", "home.tile.search", "primary"),
    ("nearby", "home.tile.nearby", "primary"),
    ("booking", "home.tile.booking", "primary"),
    ("legal_aid", "home.tile.legal_aid", "primary"),
    ("calc", "home.tile.calc", "primary"),
    ("hotline", "home.tile.hotline", "accent"),
)


# 长辈模式's simpler home: the tiles that need no typing. Search (pinyin) and 算一算 (figures on
# a keypad) are left out; every guide is still reached through 办事指南.
ELDERLY_TILES = ("guides", "nearby", "booking", "legal_aid", "hotline")


class HomeScreen(KioskScreen):
    corner: CornerTaps | None = None

    def on_kv_post(self, base_widget) -> None:
        # the tiles themselves (ids are weak references: a tile off the grid would be collected)
        self._all_tiles = [self.ids[f"tile_{route}"].__self__ for route, _key, _role in TILES]
        self.app.bind(elderly=lambda _app, _on: self.arrange_tiles())
        self.arrange_tiles()

    def arrange_tiles(self) -> None:
        """All tiles, or in 长辈模式 only :data:`ELDERLY_TILES` (fewer, larger choices)."""
        wanted = [
            tile
            for (route, _key, _role), tile in zip(TILES, self._all_tiles, strict=True)
            if not self.app.elderly or route in ELDERLY_TILES
        ]
        grid = self.ids.tiles
        if list(reversed(grid.children)) == wanted:
            return
        grid.clear_widgets()
        for tile in wanted:
            grid.add_widget(tile)

    def open_tile(self, route: str) -> None:
        self.record("home.tile", tile=route)
        if route == "hotline":
            self.app.nav.go("hotline")
            return
        self.app.nav.go(route)

    def corner_tap(self) -> None:
        if self.corner is None:
            self.corner = CornerTaps(clock=self.services.session.clock)
        if self.corner.tap():
            self.app.nav.go("maintenance")

    def place_text(self) -> str:
        return self.services.config.terminal.place
