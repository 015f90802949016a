"""A map drawn with Kivy graphics that needs no tiles and no network.

The terminal is at the centre with a "you are here" label; three distance rings (1, 3 and 5 km
for a 5 km map), labelled from
the catalogs; each institution is a finger-sized tappable marker placed by an equirectangular
projection (good to a few metres within 5 km). Markers whose touch targets would overlap are
drawn as one numbered cluster (``on_cluster``). Where things go is decided by
:mod:`kiosk.places.map_layout`; this widget only draws it.
"""

from __future__ import annotations

import math

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.graphics import Color, Ellipse, Line, Rectangle, RoundedRectangle
from kivy.properties import ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.widget import Widget

from kiosk.places.map_layout import Rect, cluster_points, place_ring_labels

RINGS_M = (1000, 3000, 5000)  # the default rings (a 5 km map); ``rings_m`` sets others
METRES_PER_DEG_LAT = 110_540.0
METRES_PER_DEG_LNG_EQUATOR = 111_320.0
MARKER_PX = 80  # touch target of a marker or a cluster; the dot drawn is smaller
DOT_PX = 30
CLUSTER_DOT_PX = 64
HERE_DOT_PX = 32
LABEL_FONT_PX = 26
LABEL_PAD_PX = 6


def offset_m(lat0: float, lng0: float, lat: float, lng: float) -> tuple[float, float]:
    """East and north offsets in metres of (lat, lng) from (lat0, lng0)."""
    east = (lng - lng0) * METRES_PER_DEG_LNG_EQUATOR * math.cos(math.radians(lat0))
    north = (lat - lat0) * METRES_PER_DEG_LAT
    return east, north


def _texture(text: str, font_px: float, bold: bool = False):
    label = CoreLabel(text=text, font_size=font_px, bold=bold)
    label.refresh()
    return label.texture


class MapMarker(ButtonBehavior, Widget):
    """One place (``places`` of one) or a cluster of several, with a touch target of MARKER_PX."""

    places = ListProperty([])

    @property
    def cluster(self) -> bool:
        return len(self.places) > 1


class OfflineMap(Widget):
    """``origin`` = [lat, lng]; ``places`` = nearby rows; ``rings_m`` the ring distances in metres
    (:func:`kiosk.places.map_layout.ring_distances`); ``ring_texts`` one label per ring;
    ``here_text`` the terminal's label. Fires ``on_marker(place)`` and
    ``on_cluster(places)``."""

    origin = ListProperty([0.0, 0.0])
    places = ListProperty([])
    radius_m = NumericProperty(5500)
    rings_m = ListProperty(list(RINGS_M))
    ring_texts = ListProperty([])
    here_text = StringProperty("")
    __events__ = ("on_marker", "on_cluster")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.markers: list[MapMarker] = []
        self.ring_spots: list = []  # where the ring labels were drawn (map_layout.LabelSpot)
        self.here_rect: Rect | None = None
        # Coalesce layout changes: draw once per frame, with the final size and position.
        self._redraw_trigger = Clock.create_trigger(self.redraw)
        self.bind(
            pos=self._redraw_trigger,
            size=self._redraw_trigger,
            places=self._redraw_trigger,
            origin=self._redraw_trigger,
            ring_texts=self._redraw_trigger,
            rings_m=self._redraw_trigger,
            radius_m=self._redraw_trigger,
            here_text=self._redraw_trigger,
        )

    @property
    def scale(self) -> float:
        """Pixels per metre."""
        return min(self.width, self.height) / 2 / self.radius_m

    def project(self, lat: float, lng: float) -> tuple[float, float]:
        east, north = offset_m(self.origin[0], self.origin[1], lat, lng)
        return self.center_x + east * self.scale, self.center_y + north * self.scale

    def _font_px(self) -> float:
        app = App.get_running_app()
        return LABEL_FONT_PX * (app.font_scale if app else 1.0)

    def redraw(self, *_args) -> None:
        app = App.get_running_app()
        self.canvas.before.clear()
        self.canvas.after.clear()
        with self.canvas.before:
            Color(*app.c_surface)
            Rectangle(pos=self.pos, size=self.size)
            Color(*app.c_line)
            for ring in self.rings_m:
                Line(circle=(self.center_x, self.center_y, ring * self.scale), width=1.5)
            Color(*app.c_accent)
            Ellipse(
                pos=(self.center_x - HERE_DOT_PX / 2, self.center_y - HERE_DOT_PX / 2),
                size=(HERE_DOT_PX, HERE_DOT_PX),
            )
        here = _texture(self.here_text, self._font_px(), bold=True) if self.here_text else None
        self.here_rect = None
        if here is not None:
            w, h = here.size[0] + 2 * LABEL_PAD_PX, here.size[1] + 2 * LABEL_PAD_PX
            self.here_rect = Rect.centred(
                self.center_x, self.center_y - HERE_DOT_PX / 2 - 6 - h / 2, w, h
            )
        keep_clear = [Rect.centred(self.center_x, self.center_y, HERE_DOT_PX, HERE_DOT_PX)]
        keep_clear += [self.here_rect] if self.here_rect is not None else []
        clusters = self._place_markers(keep_clear)
        self._draw_labels([c.target(MARKER_PX) for c in clusters] + keep_clear, here)

    def _draw_labels(self, obstacles: list[Rect], here) -> None:
        """The "you are here" label under the terminal's dot, and ring labels where no marker is;
        drawn after the markers on a plate, so nothing covers them."""
        app = App.get_running_app()
        font_px = self._font_px()
        plates: list[tuple[Rect, object, list]] = []
        if here is not None and self.here_rect is not None:
            plates.append((self.here_rect, here, app.c_accent))
        textures = [_texture(text, font_px) for text in self.ring_texts[: len(self.rings_m)]]
        self.ring_spots = place_ring_labels(
            centre=(self.center_x, self.center_y),
            radii_px=[ring * self.scale for ring in self.rings_m[: len(textures)]],
            sizes=[(t.size[0] + 2 * LABEL_PAD_PX, t.size[1] + 2 * LABEL_PAD_PX) for t in textures],
            obstacles=obstacles,
            bounds=Rect(self.x, self.y, self.width, self.height),
        )
        for spot, texture in zip(self.ring_spots, textures, strict=True):
            if spot is not None:
                plates.append((spot.rect, texture, app.c_muted))
        with self.canvas.after:
            for rect, texture, colour in plates:
                Color(*app.c_surface)
                RoundedRectangle(pos=(rect.x, rect.y), size=(rect.w, rect.h), radius=[8])
                Color(*colour)
                Rectangle(
                    texture=texture,
                    size=texture.size,
                    pos=(rect.x + LABEL_PAD_PX, rect.y + LABEL_PAD_PX),
                )

    def _place_markers(self, keep_clear: list[Rect]):
        for marker in self.markers:
            self.remove_widget(marker)
        self.markers = []
        points = []
        for index, place in enumerate(self.places):
            x, y = self.project(place["lat"], place["lng"])
            if self.x <= x <= self.right and self.y <= y <= self.top:
                points.append((index, x, y))
        clusters = cluster_points(points, target_px=MARKER_PX, keep_clear=keep_clear)
        for cluster in clusters:
            marker = MapMarker(
                size=(MARKER_PX, MARKER_PX),
                pos=(cluster.x - MARKER_PX / 2, cluster.y - MARKER_PX / 2),
                places=[self.places[i] for i in cluster.keys],
            )
            self._draw_marker(marker, cluster.x, cluster.y)
            marker.bind(on_release=self._marker_tapped)
            self.markers.append(marker)
            self.add_widget(marker)
        return clusters

    def _draw_marker(self, marker: MapMarker, x: float, y: float) -> None:
        app = App.get_running_app()
        with marker.canvas:
            if not marker.cluster:
                Color(*app.c_on_primary)
                Ellipse(pos=(x - DOT_PX / 2 - 3, y - DOT_PX / 2 - 3), size=(DOT_PX + 6,) * 2)
                Color(*app.c_primary)
                Ellipse(pos=(x - DOT_PX / 2, y - DOT_PX / 2), size=(DOT_PX, DOT_PX))
                return
            Color(*app.c_on_primary)
            half = CLUSTER_DOT_PX / 2
            Ellipse(pos=(x - half - 3, y - half - 3), size=(CLUSTER_DOT_PX + 6,) * 2)
            Color(*app.c_primary)
            Ellipse(pos=(x - half, y - half), size=(CLUSTER_DOT_PX, CLUSTER_DOT_PX))
            number = _texture(str(len(marker.places)), self._font_px() * 1.2, bold=True)
            Color(*app.c_on_primary)
            Rectangle(
                texture=number,
                size=number.size,
                pos=(x - number.size[0] / 2, y - number.size[1] / 2),
            )

    def _marker_tapped(self, marker: MapMarker) -> None:
        if marker.cluster:
            self.dispatch("on_cluster", list(marker.places))
        else:
            self.dispatch("on_marker", marker.places[0])

    def on_marker(self, place: dict) -> None:
        pass

    def on_cluster(self, places: list) -> None:
        pass
