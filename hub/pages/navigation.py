"""Navigation links for phones: Amap (GCJ-02) and Baidu Maps (told the datum we have).

Amap's URI API takes GCJ-02 (``coordinate=gaode``) or WGS-84 (``coordinate=wgs84``); a BD-09
point is converted to GCJ-02 first. Baidu's marker API is told the datum with ``coord_type``
(``gcj02``, ``wgs84`` or ``bd09ll``), so its point is never shifted twice.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

SOURCE = "legal-service-hub"
_X_PI = math.pi * 3000.0 / 180.0


def bd09_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    """Baidu BD-09 → GCJ-02 (the published inverse of Baidu's offset, accurate to ~1 m)."""
    x, y = lng - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.sin(theta), z * math.cos(theta)


def amap_url(place: dict) -> str:
    lat, lng, datum = place["lat"], place["lng"], place.get("datum", "gcj02")
    if datum == "bd09":
        lat, lng = bd09_to_gcj02(lat, lng)
    coordinate = "wgs84" if datum == "wgs84" else "gaode"
    query = urlencode({"position": f"{lng:.6f},{lat:.6f}", "name": place["name"], "src": SOURCE,
                       "coordinate": coordinate, "callnative": "1"})
    return f"https://uri.amap.com/marker?{query}"


def baidu_url(place: dict) -> str:
    datum = place.get("datum", "gcj02")
    coord_type = {"gcj02": "gcj02", "wgs84": "wgs84", "bd09": "bd09ll"}[datum]
    query = urlencode({"location": f"{place['lat']:.6f},{place['lng']:.6f}", "title": place["name"],
                       "content": place.get("address", ""), "output": "html", "coord_type": coord_type,
                       "src": SOURCE})
    return f"https://api.map.baidu.com/marker?{query}"
