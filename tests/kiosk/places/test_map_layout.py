"""The nearby map's geometry (issue 13): clusters of overlapping markers, ring label spots."""

from __future__ import annotations

import itertools

import pytest

from kiosk.places.map_layout import Rect, cluster_points, place_ring_labels

TARGET = 80


def test_points_far_apart_stay_single():
    clusters = cluster_points([("a", 0, 0), ("b", 100, 0), ("c", 0, 81)], target_px=TARGET)
    assert [c.keys for c in clusters] == [("a",), ("b",), ("c",)]
    assert all(c.single for c in clusters)


def test_overlapping_points_become_one_cluster_at_their_mean():
    clusters = cluster_points(
        [("a", 100, 100), ("b", 110, 100), ("c", 400, 400), ("d", 120, 130)], target_px=TARGET
    )
    assert [c.keys for c in clusters] == [("a", "b", "d"), ("c",)]
    assert clusters[0].x == pytest.approx(110) and clusters[0].y == pytest.approx(110)


def test_a_chain_is_merged_until_no_targets_overlap():
    points = [(n, 50.0 * n, 0.0) for n in range(6)]  # each 50 px from the next
    clusters = cluster_points(points, target_px=TARGET)
    assert sorted(k for c in clusters for k in c.keys) == list(range(6))
    for a, b in itertools.combinations(clusters, 2):
        assert a.target(TARGET).overlap(b.target(TARGET)) == 0


def test_same_spot_many_places():
    clusters = cluster_points([(n, 300, 300) for n in range(12)], target_px=TARGET)
    assert len(clusters) == 1 and clusters[0].keys == tuple(range(12))


def test_no_points():
    assert cluster_points([], target_px=TARGET) == []


BOUNDS = Rect(0, 0, 800, 800)
SIZES = [(80, 30), (80, 30), (80, 30)]
RADII = [100, 250, 380]


def test_ring_labels_go_on_top_when_it_is_free():
    spots = place_ring_labels(
        centre=(400, 400), radii_px=RADII, sizes=SIZES, obstacles=[], bounds=BOUNDS
    )
    assert all(s is not None and s.free for s in spots)
    assert [round(s.rect.x + 40) for s in spots] == [400, 400, 400]
    assert [round(s.rect.y + 15) for s in spots] == [500, 650, 780]


def test_ring_labels_avoid_markers_and_each_other():
    markers = [Rect.centred(400, 500, 80, 80), Rect.centred(400, 650, 80, 80)]
    markers += [Rect.centred(400 + 270, 400 + 270, 80, 80)]  # on the 45° spot of the middle ring
    spots = place_ring_labels(
        centre=(400, 400), radii_px=RADII, sizes=SIZES, obstacles=markers, bounds=BOUNDS
    )
    for spot in spots:
        assert spot is not None and spot.free
        assert spot.rect.inside(BOUNDS)
        assert all(spot.rect.overlap(m) == 0 for m in markers)
    for a, b in itertools.combinations(spots, 2):
        assert a.rect.overlap(b.rect) == 0


def test_a_ring_wholly_outside_the_map_has_no_label():
    spots = place_ring_labels(
        centre=(400, 400), radii_px=[100, 600], sizes=SIZES[:2], obstacles=[], bounds=BOUNDS
    )
    assert spots[0] is not None and spots[1] is None


def test_a_crowded_ring_takes_the_least_covered_spot_and_says_so():
    crowd = [Rect(0, 0, 800, 800)]
    spots = place_ring_labels(
        centre=(400, 400), radii_px=[100], sizes=[(80, 30)], obstacles=crowd, bounds=BOUNDS
    )
    assert spots[0] is not None and not spots[0].free


def test_markers_keep_clear_of_the_terminal_dot_and_label():
    here = [Rect.centred(400, 400, 32, 32), Rect.centred(400, 365, 120, 36)]
    points = [("a", 400, 400), ("b", 410, 380), ("c", 600, 600), ("d", 380, 330)]
    clusters = cluster_points(points, target_px=TARGET, keep_clear=here)
    assert sorted(k for c in clusters for k in c.keys) == ["a", "b", "c", "d"]
    for cluster in clusters:
        assert all(cluster.target(TARGET).overlap(area) == 0 for area in here)
    for a, b in itertools.combinations(clusters, 2):
        assert a.target(TARGET).overlap(b.target(TARGET)) == 0
    assert ("c",) in [c.keys for c in clusters]  # far away: untouched
    far = next(c for c in clusters if c.keys == ("c",))
    assert (far.x, far.y) == (600, 600)


def test_a_full_ring_puts_its_label_just_outside():
    ring = [Rect.centred(400 + 100 * c, 400 + 100 * s, 50, 50) for c, s in _circle(24)]
    spots = place_ring_labels(
        centre=(400, 400), radii_px=[100], sizes=[(80, 30)], obstacles=ring, bounds=BOUNDS
    )
    spot = spots[0]
    assert spot is not None and spot.free
    assert all(spot.rect.overlap(m) == 0 for m in ring)
    middle = (spot.rect.x + 40 - 400, spot.rect.y + 15 - 400)
    assert 100 < (middle[0] ** 2 + middle[1] ** 2) ** 0.5 < 160


def _circle(n: int):
    import math

    return [(math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)) for i in range(n)]


@pytest.mark.parametrize(
    ("radius_m", "rings"),
    [
        (5000, (1000, 3000, 5000)),
        (5500, (1000, 3000, 5000)),
        (2000, (400, 1200, 2000)),
        (1000, (200, 600, 1000)),
        (800, (100, 300, 500)),
        (50, (20, 60, 100)),  # never a map without rings
    ],
)
def test_rings_are_round_distances_within_the_radius(radius_m, rings):
    from kiosk.places.map_layout import ring_distances

    assert ring_distances(radius_m) == rings
