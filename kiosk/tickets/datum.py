"""Map datum conversions for navigation links: WGS-84 (GPS), GCJ-02 (Amap, Tencent), BD-09 (Baidu).

Chinese map apps place points in offset datums; a coordinate used in the wrong one lands hundreds
of metres away. Records carry their datum, and the QR links convert to the datum each app expects.
The GCJ-02 offset is the published approximation (Krasovsky ellipsoid); outside mainland China no
offset applies. Converting GCJ-02 back to WGS-84 is iterative and good to well under a metre.

Note for the core: when ``kiosk/geo.py`` lands with the same conversions, this module should be
folded into it.
"""

from __future__ import annotations

import math

DATUMS = ("wgs84", "gcj02", "bd09")

_AXIS_M = 6378245.0
_ECCENTRICITY_SQ = 0.00669342162296594323
_BD_FACTOR = math.pi * 3000.0 / 180.0


def outside_china(lat: float, lng: float) -> bool:
    """True where GCJ-02 applies no offset (a coarse box around mainland China)."""
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _shift_lat(x: float, y: float) -> float:
    value = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    value += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    value += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return value


def _shift_lng(x: float, y: float) -> float:
    value = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    value += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    value += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return value


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    """GPS coordinates to GCJ-02 (degrees in, degrees out)."""
    if outside_china(lat, lng):
        return lat, lng
    d_lat = _shift_lat(lng - 105.0, lat - 35.0)
    d_lng = _shift_lng(lng - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1.0 - _ECCENTRICITY_SQ * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_AXIS_M * (1.0 - _ECCENTRICITY_SQ)) / (magic * sqrt_magic) * math.pi)
    d_lng = (d_lng * 180.0) / (_AXIS_M / sqrt_magic * math.cos(rad_lat) * math.pi)
    return lat + d_lat, lng + d_lng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """GCJ-02 to GPS by fixed-point iteration (error far below a metre)."""
    if outside_china(lat, lng):
        return lat, lng
    guess_lat, guess_lng = lat, lng
    for _ in range(8):
        got_lat, got_lng = wgs84_to_gcj02(guess_lat, guess_lng)
        guess_lat += lat - got_lat
        guess_lng += lng - got_lng
    return guess_lat, guess_lng


def gcj02_to_bd09(lat: float, lng: float) -> tuple[float, float]:
    """GCJ-02 to Baidu's BD-09."""
    z = math.hypot(lng, lat) + 0.00002 * math.sin(lat * _BD_FACTOR)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _BD_FACTOR)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def bd09_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    """Baidu's BD-09 to GCJ-02."""
    x, y = lng - 0.0065, lat - 0.006
    z = math.hypot(x, y) - 0.00002 * math.sin(y * _BD_FACTOR)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _BD_FACTOR)
    return z * math.sin(theta), z * math.cos(theta)


def convert(lat: float, lng: float, source: str, target: str) -> tuple[float, float]:
    """Convert ``(lat, lng)`` from datum ``source`` to datum ``target`` (names as in :data:`DATUMS`)."""
    for name in (source, target):
        if name not in DATUMS:
            raise ValueError(f"unknown datum {name!r}; expected one of {', '.join(DATUMS)}")
    if source == target:
        return lat, lng
    if source == "wgs84":
        lat, lng = wgs84_to_gcj02(lat, lng)
    elif source == "bd09":
        lat, lng = bd09_to_gcj02(lat, lng)
    if target == "gcj02":
        return lat, lng
    if target == "bd09":
        return gcj02_to_bd09(lat, lng)
    return gcj02_to_wgs84(lat, lng)
