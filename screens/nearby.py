"""Nearby legal services: type chips, a list by distance and an offline map.

A tap on a numbered cluster of the map fans it out into a list of its places
(:class:`PlaceGroupView`); a tap on one opens it.
"""

from __future__ import annotations

from kivy.properties import StringProperty
from kivy.uix.modalview import ModalView

from contract.records import INSTITUTION_TYPES
from kiosk.places.map_layout import ring_distances
from screens.distance import format_distance, ring_label
from screens.widgets.base import KioskScreen
from screens.widgets.common import Chip, ListItem

MAP_MARGIN = 1.1  # the map shows a little beyond the outermost ring
MAX_ROWS = 60


class PlaceGroupView(ModalView):
    """The places of one map cluster as a list; ``on_choose(place)`` is called with the one tapped."""

    title = StringProperty("")

    def __init__(self, *, on_choose, **kwargs) -> None:
        super().__init__(**kwargs)
        self.on_choose = on_choose

    def show(self, places: list[dict], tr) -> None:
        self.title = tr("nearby.group_title", count=len(places))
        listing = self.ids.listing
        listing.clear_widgets()
        for place in places:
            item = ListItem(
                title=place["name"],
                detail=f"{tr('institution.type.' + place['type'])} · {place['address']}",
                side=format_distance(place["distance_m"], tr),
                payload=place,
            )
            item.bind(on_release=lambda i: self.choose(i.payload))
            listing.add_widget(item)
        self.ids.scroll.scroll_y = 1
        self.open(animation=False)

    def choose(self, place: dict) -> None:
        self.dismiss(animation=False)
        self.on_choose(place)


class NearbyScreen(KioskScreen):
    @property
    def radius_m(self) -> float:
        """Places within this distance are listed and mapped (``ui.nearby_radius_m``)."""
        return self.services.config.ui.nearby_radius_m

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.type_filter: str | None = None
        self.rows: list[dict] = []
        self.group_view: PlaceGroupView | None = None

    def prepare(self, **_params) -> None:
        terminal = self.services.config.terminal
        self.ids.map.origin = [terminal.lat, terminal.lng]
        self.ids.map.here_text = self.tr("nearby.you_are_here")
        rings = ring_distances(self.radius_m)
        self.ids.map.radius_m = self.radius_m * MAP_MARGIN
        self.ids.map.rings_m = list(rings)
        self.ids.map.ring_texts = [ring_label(metres, self.tr) for metres in rings]
        self.build_chips()
        self.load()

    chips_lang = None
    shown_rows = None

    def build_chips(self) -> None:
        if self.chips_lang == self.app.lang:
            for chip in self.ids.chips.children:
                chip.selected = chip.payload == self.type_filter
            return
        self.chips_lang = self.app.lang
        bar = self.ids.chips
        bar.clear_widgets()
        for kind in (None, *INSTITUTION_TYPES):
            chip = Chip(
                text=self.tr(f"institution.type.{kind or 'all'}"),
                payload=kind,
                selected=kind == self.type_filter,
            )
            chip.bind(on_release=lambda c: self.choose_type(c.payload))
            bar.add_widget(chip)

    def choose_type(self, kind: str | None) -> None:
        self.type_filter = kind
        for chip in self.ids.chips.children:
            chip.selected = chip.payload == kind
        self.load()

    def load(self) -> None:
        terminal = self.services.config.terminal
        self.run(
            self.services.places.nearby,
            self.services.store,
            terminal.lat,
            terminal.lng,
            type=self.type_filter,
            radius_m=self.radius_m,
            limit=MAX_ROWS,
            on_done=self.show,
        )

    def show(self, rows: list[dict]) -> None:
        self.rows = rows
        self.record("nearby.list", type=self.type_filter or "all", results=len(rows))
        key = (self.app.lang, tuple(r["id"] for r in rows))
        if key == self.shown_rows:
            return  # the same places as last time: keep the list and the map as they are
        self.shown_rows = key
        listing = self.ids.listing
        listing.clear_widgets()
        if not rows:
            from screens.widgets.common import BodyLabel

            listing.add_widget(BodyLabel(text=self.tr("nearby.none")))
        for row in rows:
            item = ListItem(
                title=row["name"],
                detail=f"{self.tr('institution.type.' + row['type'])} · {row['address']}",
                side=format_distance(row["distance_m"], self.tr),
                payload=row,
            )
            item.bind(on_release=lambda i: self.open_place(i.payload))
            listing.add_widget(item)
        self.ids.map.places = rows
        self.ids.scroll.scroll_y = 1

    def open_place(self, place: dict) -> None:
        self.app.nav.go("institution", place=place)

    def open_group(self, places: list[dict]) -> None:
        """A cluster was tapped: its places as a list to choose from."""
        if self.group_view is None:
            self.group_view = PlaceGroupView(on_choose=self.open_place)
        self.record("nearby.cluster", places=len(places))
        self.group_view.show(places, self.tr)

    def on_leave(self, *_args) -> None:
        if self.group_view is not None:
            self.group_view.dismiss(animation=False)

    def clear(self) -> None:
        self.type_filter = None
        if self.group_view is not None:
            self.group_view.dismiss(animation=False)
