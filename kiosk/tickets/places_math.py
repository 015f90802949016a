"""Great-circle distance, for checking datum offsets (the core's ``kiosk.places`` has its own)."""

from __future__ import annotations

import math

EARTH_RADIUS_M = 6_371_008.8


def metres_between(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Haversine distance in metres between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    d_lat, d_lng = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(d_lat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(d_lng / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))
