import math

import pytest

from contract.demo.synthetic import CENTRES, institutions
from contract.geo import EARTH_RADIUS_M, distance_m, from_wgs84, to_wgs84
from kiosk.places import address_only, nearby
from kiosk.store import ContentStore
from tests.support.content_fixtures import institution

ORIGIN = (30.8235, 104.1586)  # WGS-84 in these tests unless said


def north(metres):
    """A point ``metres`` due north of ORIGIN: great-circle distance exactly ``metres``."""
    return ORIGIN[0] + math.degrees(metres / EARTH_RADIUS_M), ORIGIN[1]


@pytest.fixture
def places(tmp_path):
    lat_p, lng_p = from_wgs84(*north(300), "gcj02")
    lat_b, lng_b = from_wgs84(*north(600), "bd09")
    records = [
        institution("n100", "law_firm", "一百米律所", *north(100), datum="wgs84"),
        institution("n2000", "legal_aid", "两公里援助中心", *north(2000), datum="wgs84"),
        institution("n4900", "notary", "四点九公里公证处", *north(4900), datum="wgs84"),
        institution("n5100", "law_firm", "五点一公里律所", *north(5100), datum="wgs84"),
        institution("gcj300", "mediation", "高德坐标调解委员会", lat_p, lng_p, datum="gcj02"),
        institution("bd600", "judicial_office", "百度坐标司法所", lat_b, lng_b, datum="bd09"),
        institution("nowhere", "forensic", "只有地址的鉴定所", 0, 0, datum="wgs84"),
    ]
    with ContentStore.open(tmp_path) as store:
        store.apply({"institutions": {"upsert": records}}, version=1)
        yield store


def test_nearest_first_within_the_default_radius(places):
    results = nearby(places, *ORIGIN, datum="wgs84")
    assert [(r["id"], r["distance_m"]) for r in results] == [
        ("n100", 100),
        ("gcj300", 300),
        ("bd600", 600),
        ("n2000", 2000),
        ("n4900", 4900),
    ]
    assert list(results[0]) == [
        "id", "name", "type", "address", "phone", "lat", "lng", "distance_m",
        "datum", "hours", "services", "district",
    ]  # fmt: skip
    assert results[0]["services"] == ["法律咨询"]


def test_radius_type_and_limit(places):
    assert [r["id"] for r in nearby(places, *ORIGIN, radius_m=1000, datum="wgs84")] == [
        "n100",
        "gcj300",
        "bd600",
    ]
    assert [
        r["id"] for r in nearby(places, *ORIGIN, radius_m=5200, type="law_firm", datum="wgs84")
    ] == ["n100", "n5100"]
    assert [r["id"] for r in nearby(places, *ORIGIN, limit=2, datum="wgs84")] == ["n100", "gcj300"]
    assert nearby(places, *ORIGIN, radius_m=50, datum="wgs84") == []


def test_coordinates_come_back_in_the_origins_datum(places):
    by_id = {r["id"]: r for r in nearby(places, *ORIGIN, datum="wgs84")}
    assert (by_id["gcj300"]["lat"], by_id["gcj300"]["lng"]) == pytest.approx(north(300), abs=1e-6)
    assert (by_id["bd600"]["lat"], by_id["bd600"]["lng"]) == pytest.approx(north(600), abs=1e-6)
    assert {r["datum"] for r in by_id.values()} == {"wgs84"}

    gcj_origin = from_wgs84(*ORIGIN, "gcj02")
    from_gcj = {r["id"]: r for r in nearby(places, *gcj_origin, datum="gcj02")}
    stored = places.institution("gcj300")
    assert (from_gcj["gcj300"]["lat"], from_gcj["gcj300"]["lng"]) == (
        round(stored["lat"], 6),
        round(stored["lng"], 6),
    )
    assert (from_gcj["n100"]["lat"], from_gcj["n100"]["lng"]) == pytest.approx(
        from_wgs84(*north(100), "gcj02"), abs=1e-6
    )
    assert [r["distance_m"] for r in from_gcj.values()] == [100, 300, 600, 2000, 4900]


def test_address_only_places_are_never_given_a_distance(places):
    assert "nowhere" not in [
        r["id"] for r in nearby(places, 0.0001, 0.0001, radius_m=2_000_000, datum="wgs84")
    ]
    assert [i["id"] for i in address_only(places)] == ["nowhere"]
    assert address_only(places, type="law_firm") == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"lat": 91.0, "lng": 104.0},
        {"lat": float("nan"), "lng": 104.0},
        {"lat": "30", "lng": 104.0},
        {"lat": 30.0, "lng": 181.0},
        {"lat": 30.0, "lng": 104.0, "type": "bank"},
        {"lat": 30.0, "lng": 104.0, "radius_m": 0},
        {"lat": 30.0, "lng": 104.0, "radius_m": -5},
        {"lat": 30.0, "lng": 104.0, "limit": 0},
        {"lat": 30.0, "lng": 104.0, "datum": "mars"},
    ],
)
def test_bad_arguments_are_refused_with_a_reason(places, kwargs):
    with pytest.raises(ValueError):
        nearby(places, **kwargs)


def test_indexed_search_equals_a_full_scan_on_many_rows(tmp_path):
    records = institutions(8_000, seed=7)
    with ContentStore.open(tmp_path) as store:
        store.apply({"institutions": {"upsert": records}}, version=1)
        for lat, lng in CENTRES[:6]:
            got = [
                (r["id"], r["distance_m"])
                for r in nearby(store, lat, lng, radius_m=8_000, limit=500)
            ]
            origin = to_wgs84(lat, lng, "gcj02")
            scan = []
            for r in records:
                d = distance_m(*origin, *to_wgs84(r["lat"], r["lng"], r["datum"]))
                if d <= 8_000:
                    scan.append((d, r["id"]))
            expected = [(i, round(d)) for d, i in sorted(scan)]
            assert got == expected
            assert len(got) > 10
