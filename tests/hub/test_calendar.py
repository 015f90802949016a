"""Which weekday's duty periods apply: holidays, in-lieu days, make-up working days, unknown years."""

from datetime import date

import pytest

from contract.geo import convert
from contract.maplinks import map_link
from hub.crud.calendar import schedule_weekday


@pytest.mark.parametrize(
    ("day", "weekday"),
    [
        (date(2025, 10, 1), None),  # National Day
        (date(2025, 10, 8), None),  # in-lieu day (a Wednesday off)
        (date(2025, 9, 28), 1),  # make-up Sunday stands in for Tuesday 7 Oct
        (date(2025, 10, 11), 2),  # make-up Saturday stands in for Wednesday 8 Oct
        (date(2025, 9, 27), 5),  # plain Saturday: Saturday's own periods
        (date(2025, 9, 29), 0),
        (date(2031, 1, 1), None),  # no data for 2031: fixed-date New Year holiday
        (date(2031, 10, 2), None),
        (date(2031, 10, 4), 5),
    ],
)
def test_schedule_weekday(day, weekday):
    assert schedule_weekday(day) == weekday


def test_bd09_points_are_converted_for_amap_and_declared_for_baidu():
    lat, lng = convert(30.8299, 104.1652, "bd09", "gcj02")
    assert abs(lat - 30.8239) < 0.001 and abs(lng - 104.1587) < 0.001
    place = {"name": "x", "address": "y", "lat": 30.8299, "lng": 104.1652, "datum": "bd09"}
    amap, baidu = map_link(place, app="amap"), map_link(place, app="baidu")
    assert f"position={lng:.6f},{lat:.6f}" in amap and "coordinate=gaode" in amap
    assert f"location={lat:.6f},{lng:.6f}" in baidu and "coord_type=gcj02" in baidu
    wgs = map_link({**place, "datum": "wgs84"}, app="amap")
    assert "coordinate=gaode" in wgs and "104.1652" not in wgs
