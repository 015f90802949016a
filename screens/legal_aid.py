"""Legal aid: who qualifies, how to apply, which papers to bring, and where to go."""

from __future__ import annotations

from screens.widgets.base import KioskScreen


class LegalAidScreen(KioskScreen):
    def find_centres(self) -> None:
        nearby = self.app.screen("nearby")
        nearby.type_filter = "legal_aid"
        self.app.nav.go("nearby")

    def open_guides(self) -> None:
        self.app.nav.go("search")
        self.app.screen("search").search_for(self.tr("legal_aid.search_term"))
