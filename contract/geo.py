"""Map datums used in China and great-circle distance.

* ``wgs84`` — GPS; what distances are computed in.
* ``gcj02`` — the obfuscated datum every licensed Chinese map uses (Amap, Tencent): WGS-84 plus
  a published, non-linear offset of a few hundred metres inside China, none outside.
* ``bd09`` — Baidu's datum: a further published offset of GCJ-02.

The GCJ-02 forward transform is the widely published formula (Krasovsky ellipsoid constants);
its inverse has no closed form, so :func:`gcj02_to_wgs84` iterates the forward transform until
the error is below a millimetre; :func:`bd09_to_gcj02` refines the published inverse the same way.
"""

from __future__ import annotations

import math

DATUMS = ("wgs84", "gcj02", "bd09")
EARTH_RADIUS_M = 6_371_008.8  # IUGG mean radius
_KRASOVSKY_A = 6_378_245.0
_KRASOVSKY_EE = 0.00669342162296594323
_BD_X_PI = math.pi * 3000.0 / 180.0
_INVERSE_TOLERANCE_DEG = 1e-8
_INVERSE_MAX_STEPS = 30


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle (haversine) distance in metres between two points in the same datum."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def in_china(lat: float, lng: float) -> bool:
    """The rough rectangle where the GCJ-02 offset applies."""
    return 0.8293 <= lat <= 55.8271 and 72.004 <= lng <= 137.8347


def _offset_lat(x: float, y: float) -> float:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _offset_lng(x: float, y: float) -> float:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    if not in_china(lat, lng):
        return lat, lng
    d_lat = _offset_lat(lng - 105.0, lat - 35.0)
    d_lng = _offset_lng(lng - 105.0, lat - 35.0)
    rad = math.radians(lat)
    magic = 1 - _KRASOVSKY_EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / (
        (_KRASOVSKY_A * (1 - _KRASOVSKY_EE)) / (magic * sqrt_magic) * math.pi
    )
    d_lng = (d_lng * 180.0) / (_KRASOVSKY_A / sqrt_magic * math.cos(rad) * math.pi)
    return lat + d_lat, lng + d_lng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    if not in_china(lat, lng):
        return lat, lng
    w_lat, w_lng = lat, lng
    for _ in range(_INVERSE_MAX_STEPS):
        g_lat, g_lng = wgs84_to_gcj02(w_lat, w_lng)
        e_lat, e_lng = g_lat - lat, g_lng - lng
        w_lat, w_lng = w_lat - e_lat, w_lng - e_lng
        if abs(e_lat) < _INVERSE_TOLERANCE_DEG and abs(e_lng) < _INVERSE_TOLERANCE_DEG:
            break
    return w_lat, w_lng


def gcj02_to_bd09(lat: float, lng: float) -> tuple[float, float]:
    z = math.hypot(lng, lat) + 0.00002 * math.sin(lat * _BD_X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _BD_X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def _bd09_to_gcj02_approx(lat: float, lng: float) -> tuple[float, float]:
    x, y = lng - 0.0065, lat - 0.006
    z = math.hypot(x, y) - 0.00002 * math.sin(y * _BD_X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _BD_X_PI)
    return z * math.sin(theta), z * math.cos(theta)


def bd09_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    """The published closed-form inverse (off by a few centimetres), refined by iteration."""
    g_lat, g_lng = _bd09_to_gcj02_approx(lat, lng)
    for _ in range(_INVERSE_MAX_STEPS):
        b_lat, b_lng = gcj02_to_bd09(g_lat, g_lng)
        e_lat, e_lng = b_lat - lat, b_lng - lng
        g_lat, g_lng = g_lat - e_lat, g_lng - e_lng
        if abs(e_lat) < _INVERSE_TOLERANCE_DEG and abs(e_lng) < _INVERSE_TOLERANCE_DEG:
            break
    return g_lat, g_lng


def to_wgs84(lat: float, lng: float, datum: str) -> tuple[float, float]:
    if datum == "wgs84":
        return lat, lng
    if datum == "gcj02":
        return gcj02_to_wgs84(lat, lng)
    if datum == "bd09":
        return gcj02_to_wgs84(*bd09_to_gcj02(lat, lng))
    raise ValueError(f"unknown datum {datum!r}; expected one of {', '.join(DATUMS)}")


def from_wgs84(lat: float, lng: float, datum: str) -> tuple[float, float]:
    if datum == "wgs84":
        return lat, lng
    if datum == "gcj02":
        return wgs84_to_gcj02(lat, lng)
    if datum == "bd09":
        return gcj02_to_bd09(*wgs84_to_gcj02(lat, lng))
    raise ValueError(f"unknown datum {datum!r}; expected one of {', '.join(DATUMS)}")


def convert(lat: float, lng: float, source: str, target: str) -> tuple[float, float]:
    """``(lat, lng)`` in datum ``source`` expressed in datum ``target``."""
    if source == target:
        if source not in DATUMS:
            raise ValueError(f"unknown datum {source!r}; expected one of {', '.join(DATUMS)}")
        return lat, lng
    if {source, target} == {"gcj02", "bd09"}:
        return gcj02_to_bd09(lat, lng) if target == "bd09" else bd09_to_gcj02(lat, lng)
    return from_wgs84(*to_wgs84(lat, lng, source), target)
