"""A map drawn with Kivy graphics that needs no tiles and no network.

The terminal is at the centre; rings at 1, 3 and 5 km; each institution is a tappable marker
placed by an equirectangular projection (good to a few metres within 5 km).
"""

from __future__ import annotations

import math

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.graphics import Color, Ellipse, Line, Rectangle
from kivy.properties import ListProperty, NumericProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.widget import Widget

RINGS_M = (1000, 3000, 5000)
METRES_PER_DEG_LAT = 110_540.0
METRES_PER_DEG_LNG_EQUATOR = 111_320.0
MARKER_PX = 56  # the visible dot is smaller; the touch area is finger-sized


def offset_m(lat0: float, lng0: float, lat: float, lng: float) -> tuple[float, float]:
    """East and north offsets in metres of (lat, lng) from (lat0, lng0)."""
    east = (lng - lng0) * METRES_PER_DEG_LNG_EQUATOR * math.cos(math.radians(lat0))
    north = (lat - lat0) * METRES_PER_DEG_LAT
    return east, north


class MapMarker(ButtonBehavior, Widget):
    place = None


class OfflineMap(Widget):
    """``origin`` = [lat, lng]; ``places`` = nearby rows; fires ``on_marker(place)``."""

    origin = ListProperty([0.0, 0.0])
    places = ListProperty([])
    radius_m = NumericProperty(5500)
    __events__ = ("on_marker",)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.markers: list[MapMarker] = []
        # Coalesce layout changes: draw once per frame, with the final size and position.
        self._redraw_trigger = Clock.create_trigger(self.redraw)
        self.bind(
            pos=self._redraw_trigger,
            size=self._redraw_trigger,
            places=self._redraw_trigger,
            origin=self._redraw_trigger,
        )

    def project(self, lat: float, lng: float) -> tuple[float, float]:
        east, north = offset_m(self.origin[0], self.origin[1], lat, lng)
        scale = min(self.width, self.height) / 2 / self.radius_m
        return self.center_x + east * scale, self.center_y + north * scale

    _ring_textures: dict = {}

    def _ring_label(self, ring_m: int):
        if ring_m not in self._ring_textures:
            label = CoreLabel(text=f"{ring_m // 1000} km", font_size=24)
            label.refresh()
            self._ring_textures[ring_m] = label.texture
        return self._ring_textures[ring_m]

    def redraw(self, *_args) -> None:
        app = App.get_running_app()
        self.canvas.before.clear()
        scale = min(self.width, self.height) / 2 / self.radius_m
        with self.canvas.before:
            Color(*app.c_surface)
            Rectangle(pos=self.pos, size=self.size)
            for ring in RINGS_M:
                Color(*app.c_line)
                Line(circle=(self.center_x, self.center_y, ring * scale), width=1.5)
                texture = self._ring_label(ring)
                Color(*app.c_muted)
                Rectangle(
                    texture=texture,
                    size=texture.size,
                    pos=(
                        self.center_x + 6,
                        self.center_y + ring * scale - texture.size[1] - 4,
                    ),
                )
            Color(*app.c_accent)
            Ellipse(pos=(self.center_x - 16, self.center_y - 16), size=(32, 32))
        self._place_markers()

    def _place_markers(self) -> None:
        app = App.get_running_app()
        for marker in self.markers:
            self.remove_widget(marker)
        self.markers = []
        for place in self.places:
            x, y = self.project(place["lat"], place["lng"])
            if not (self.x <= x <= self.right and self.y <= y <= self.top):
                continue
            marker = MapMarker(
                size=(MARKER_PX, MARKER_PX), pos=(x - MARKER_PX / 2, y - MARKER_PX / 2)
            )
            marker.place = place
            with marker.canvas:
                Color(*app.c_primary)
                Ellipse(pos=(x - 13, y - 13), size=(26, 26))
            marker.bind(on_release=lambda m: self.dispatch("on_marker", m.place))
            self.markers.append(marker)
            self.add_widget(marker)

    def on_marker(self, place: dict) -> None:
        pass
