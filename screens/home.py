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


class HomeScreen(KioskScreen):
    corner: CornerTaps | None = None

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
