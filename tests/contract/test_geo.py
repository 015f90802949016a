import math

import pytest

from contract.geo import (
    bd09_to_gcj02,
    convert,
    distance_m,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    in_china,
    to_wgs84,
    wgs84_to_gcj02,
)

TIANANMEN_WGS = (39.90872, 116.39748)


# Reference values other implementations of the public formulas publish in their tests.
def test_wgs84_to_gcj02_matches_the_published_transform():
    assert wgs84_to_gcj02(39.915, 116.404) == pytest.approx(
        (39.91640428150164, 116.41024449916938), abs=1e-9
    )
    assert wgs84_to_gcj02(*TIANANMEN_WGS) == pytest.approx((39.910123, 116.403724), abs=1e-6)


def test_gcj02_to_bd09_matches_the_published_transform():
    assert gcj02_to_bd09(39.915, 116.404) == pytest.approx(
        (39.92133699351021, 116.41036949371029), abs=1e-9
    )
    assert gcj02_to_bd09(45.0, 123.0) == pytest.approx((45.00636899, 123.00636499), abs=1e-7)


@pytest.mark.parametrize(
    "point",
    [
        (30.8235, 104.1586),
        (31.4675, 104.6790),
        (29.8683, 121.5440),
        (34.2652, 108.9337),
        (36.4570, 115.9854),
    ],
)
def test_round_trips_stay_within_a_centimetre(point):
    assert distance_m(*point, *gcj02_to_wgs84(*wgs84_to_gcj02(*point))) < 0.01
    assert distance_m(*point, *bd09_to_gcj02(*gcj02_to_bd09(*point))) < 0.05
    assert distance_m(*point, *convert(*convert(*point, "wgs84", "bd09"), "bd09", "wgs84")) < 0.05


@pytest.mark.parametrize("point", [(30.8235, 104.1586), (39.9042, 116.4074), (22.5431, 114.0579)])
def test_the_offsets_are_hundreds_of_metres_inside_china(point):
    assert 100 < distance_m(*point, *wgs84_to_gcj02(*point)) < 1_000
    assert 100 < distance_m(*point, *gcj02_to_bd09(*point)) < 1_500


def test_no_offset_outside_china():
    paris = (48.8566, 2.3522)
    assert not in_china(*paris)
    assert wgs84_to_gcj02(*paris) == paris
    assert gcj02_to_wgs84(*paris) == paris


def test_same_datum_is_unchanged_and_unknown_datum_is_refused():
    assert convert(30.1, 104.2, "gcj02", "gcj02") == (30.1, 104.2)
    assert to_wgs84(30.1, 104.2, "wgs84") == (30.1, 104.2)
    with pytest.raises(ValueError):
        convert(30.1, 104.2, "gcj02", "mars")
    with pytest.raises(ValueError):
        convert(30.1, 104.2, "osgb", "osgb")


@pytest.mark.parametrize(
    ("a", "b", "metres"),
    [
        ((39.9042, 116.4074), (31.2304, 121.4737), 1_067_312),
        ((0.0, 0.0), (0.0, 1.0), 111_195),
        ((30.0, 104.0), (30.0, 104.0), 0),
        ((0.0, 0.0), (0.0, 180.0), round(math.pi * 6_371_008.8)),
    ],
)
def test_great_circle_distance(a, b, metres):
    assert round(distance_m(*a, *b)) == metres
