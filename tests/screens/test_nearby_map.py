"""The nearby map a finger can use (issue 13), on the demo places under Xvfb with real taps:
targets of 80 px, numbered clusters that fan out into a list, a labelled "您在这里", ring labels
from the catalogs that no marker covers."""

from __future__ import annotations

import itertools

import pytest

from kiosk.places.map_layout import Rect
from tests.support.shots import resize, save, shots_folder

pytestmark = pytest.mark.ui


@pytest.fixture
def w(ui):
    """The widget classes, imported only after the app fixture configured Kivy."""
    from screens.widgets import common

    return common


@pytest.fixture
def nearby(ui):
    ui.app.nav.go("nearby")
    ui.settle()
    ui.pump(3)
    yield ui.screen("nearby")
    resize(ui, "landscape")
    ui.app.lang = "zh_CN"


def target(marker) -> Rect:
    return Rect(marker.x, marker.y, marker.width, marker.height)


def test_markers_are_finger_sized_and_never_overlap(ui, nearby):
    from screens.widgets.offline_map import MARKER_PX

    markers = nearby.ids.map.markers
    assert markers
    assert all(m.width >= 80 and m.height >= 80 for m in markers) and MARKER_PX >= 80
    for a, b in itertools.combinations(markers, 2):
        assert target(a).overlap(target(b)) == 0, "two touch targets overlap"
    shown = sum(len(m.places) for m in markers)
    assert shown == len(nearby.rows)  # demo places all lie inside the map


@pytest.mark.parametrize(
    ("lang", "texts", "here"),
    [
        ("zh_CN", ["1 公里", "3 公里", "5 公里"], "您在这里"),
        ("en", ["1 km", "3 km", "5 km"], "You are here"),
    ],
)
def test_ring_labels_from_the_catalogs_never_under_a_marker(ui, nearby, lang, texts, here):
    ui.app.lang = lang
    ui.settle()
    ui.pump(3)
    atlas = nearby.ids.map
    assert atlas.ring_texts == texts and atlas.here_text == here
    assert atlas.here_rect is not None
    spots = [s for s in atlas.ring_spots if s is not None]
    assert len(spots) == 3
    for spot in spots:
        assert spot.free
        assert all(spot.rect.overlap(target(m)) == 0 for m in atlas.markers)
        assert spot.rect.overlap(atlas.here_rect) == 0
    for marker in atlas.markers:  # nor does a marker cover the terminal's label
        assert target(marker).overlap(atlas.here_rect) == 0


def test_tap_a_cluster_fans_out_then_a_place_opens(ui, nearby, w):
    cluster = next(m for m in nearby.ids.map.markers if m.cluster)
    ui.tap(cluster)
    group = nearby.group_view
    assert group is not None and group.parent is not None, "the cluster's list did not open"
    items = ui.find_all(group.ids.listing, w.ListItem)
    assert [i.payload["id"] for i in items] == [p["id"] for p in cluster.places]
    assert group.title == ui.app.tr("nearby.group_title", count=len(cluster.places))
    assert ui.events("nearby.cluster")[-1]["props"] == {"places": len(cluster.places)}
    ui.tap(items[1])
    assert ui.current == "institution"
    assert ui.screen("institution").ids.name.text == cluster.places[1]["name"]
    assert group.parent is None


def test_cluster_list_closes_and_leaves_the_map(ui, nearby):
    cluster = next(m for m in nearby.ids.map.markers if m.cluster)
    ui.tap(cluster)
    ui.tap(nearby.group_view.ids.close)
    assert nearby.group_view.parent is None and ui.current == "nearby"


def test_tap_a_single_marker_opens_its_place(ui, nearby):
    single = next(m for m in nearby.ids.map.markers if not m.cluster)
    ui.tap(single)
    assert ui.current == "institution"
    assert ui.screen("institution").ids.name.text == single.places[0]["name"]


def test_screenshots_of_the_map(ui, nearby, tmp_path):
    folder = shots_folder(tmp_path)
    for orientation in ("landscape", "portrait"):
        resize(ui, orientation)
        for lang in ("zh_CN", "en"):
            ui.app.lang = lang
            ui.settle()
            save(ui, folder / f"{orientation}-{lang}-nearby-map.png")
            atlas = nearby.ids.map
            assert all(s is not None and s.free for s in atlas.ring_spots), orientation
        cluster = next(m for m in nearby.ids.map.markers if m.cluster)
        ui.tap(cluster)
        save(ui, folder / f"{orientation}-{ui.app.lang}-nearby-cluster-list.png")
        nearby.group_view.dismiss(animation=False)
        ui.app.lang = "zh_CN"


@pytest.fixture
def nearby_2km(ui):
    """``ui.nearby_radius_m = 2000``: the nearby screen lists places within 2 km, rings at 400 m,
    1.2 km and 2 km."""
    import dataclasses

    services = ui.app.services
    config = services.config
    services.config = dataclasses.replace(
        config, ui=dataclasses.replace(config.ui, nearby_radius_m=2000.0)
    )
    screen = ui.screen("nearby")
    ui.app.nav.go("nearby")
    ui.settle()
    ui.pump(3)
    yield screen
    services.config = config
    resize(ui, "landscape")
    ui.app.lang = "zh_CN"
    ui.app.nav.home()


@pytest.mark.parametrize(
    ("lang", "texts"),
    [("zh_CN", ["400 米", "1.2 公里", "2 公里"]), ("en", ["400 m", "1.2 km", "2 km"])],
)
@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_a_ring_under_a_kilometre_is_labelled_in_metres_and_never_covered(
    ui, nearby_2km, lang, texts, orientation, tmp_path
):
    resize(ui, orientation)
    ui.app.lang = lang
    ui.settle()
    ui.pump(3)
    atlas = nearby_2km.ids.map
    assert list(atlas.rings_m) == [400, 1200, 2000]
    assert atlas.ring_texts == texts
    assert atlas.markers, "no place within 2 km: the test would prove nothing"
    assert all(m.places[0]["distance_m"] <= 2000 for m in atlas.markers)
    spots = [s for s in atlas.ring_spots if s is not None]
    assert len(spots) == 3
    for spot in spots:
        assert spot.free
        assert all(spot.rect.overlap(target(m)) == 0 for m in atlas.markers)
        assert spot.rect.overlap(atlas.here_rect) == 0
    save(ui, shots_folder(tmp_path) / f"{orientation}-{lang}-nearby-map-2km.png")
