"""Nearest legal-service institutions from a point (the terminal's location).

Positions are stored as given (with their datum) plus a WGS-84 copy (``lat_w``/``lng_w``) with
an index on it. A query converts the origin to WGS-84, reads only the rows inside the bounding
box of the radius through that index, computes the exact great-circle distance, keeps those
inside the radius and sorts them. Coordinates in the results are in the origin's datum.
Institutions without a position (stored as 0, 0) are "address only": they are never given a
distance; :func:`address_only` lists them.
"""

from __future__ import annotations

import math

from contract.geo import DATUMS, EARTH_RADIUS_M, convert, distance_m, to_wgs84
from contract.records import INSTITUTION_TYPES
from kiosk.store import decode

__all__ = ["DEFAULT_RADIUS_M", "address_only", "distance_m", "nearby"]

DEFAULT_RADIUS_M = 5_000.0
MAX_RADIUS_M = 2_000_000.0
MAX_LIMIT = 500


def _checked_coordinate(name: str, value: object, bound: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number")
    if abs(value) > bound:
        raise ValueError(f"{name} must be between -{bound:g} and {bound:g}")
    return float(value)


def _check_point(lat: object, lng: object, datum: str) -> tuple[float, float]:
    if datum not in DATUMS:
        raise ValueError(f"datum must be one of {', '.join(DATUMS)}")
    return _checked_coordinate("lat", lat, 90.0), _checked_coordinate("lng", lng, 180.0)


def _bounding_box(lat: float, lng: float, radius_m: float) -> tuple[float, float, float, float]:
    d_lat = math.degrees(radius_m / EARTH_RADIUS_M)
    cos_lat = math.cos(math.radians(lat))
    d_lng = (
        180.0 if cos_lat < 1e-6 else min(180.0, math.degrees(radius_m / (EARTH_RADIUS_M * cos_lat)))
    )
    return lat - d_lat, lat + d_lat, lng - d_lng, lng + d_lng


def _result(row: dict, distance: float, datum: str) -> dict:
    lat, lng = (
        (row["lat"], row["lng"])
        if row["datum"] == datum
        else convert(row["lat"], row["lng"], row["datum"], datum)
    )
    return {
        "id": row["id"],
        "name": row["name"],
        "type": row["type"],
        "address": row["address"],
        "phone": row["phone"],
        "lat": round(lat, 6),
        "lng": round(lng, 6),
        "distance_m": round(distance),
        "datum": datum,
        "hours": row["hours"],
        "services": row["services"],
        "district": row["district"],
    }


def nearby(
    store,
    lat: float,
    lng: float,
    *,
    type: str | None = None,  # noqa: A002 - the record field
    radius_m: float | None = None,
    limit: int = 50,
    datum: str = "gcj02",
) -> list[dict]:
    """Institutions within ``radius_m`` (default 5 km) of ``(lat, lng)``, nearest first.

    :param datum: the datum of the origin; result coordinates are converted into it.
    :raises ValueError: for a bad point, datum, type, radius or limit.
    """
    lat, lng = _check_point(lat, lng, datum)
    if type is not None and type not in INSTITUTION_TYPES:
        raise ValueError(f"type must be one of {', '.join(INSTITUTION_TYPES)}")
    radius = DEFAULT_RADIUS_M if radius_m is None else float(radius_m)
    if not 0 < radius <= MAX_RADIUS_M:
        raise ValueError(f"radius_m must be more than 0 and at most {MAX_RADIUS_M:g}")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be 1..{MAX_LIMIT}")
    o_lat, o_lng = to_wgs84(lat, lng, datum)
    low_lat, high_lat, low_lng, high_lng = _bounding_box(o_lat, o_lng, radius)
    sql = "SELECT rowid, lat_w, lng_w FROM institutions WHERE lat_w BETWEEN ? AND ? AND lng_w BETWEEN ? AND ?"
    params: list[object] = [low_lat, high_lat, low_lng, high_lng]
    if type is not None:
        sql += " AND type = ?"
        params.append(type)
    hits = []
    for rowid, r_lat, r_lng in store.db.execute(sql, params):
        distance = distance_m(o_lat, o_lng, r_lat, r_lng)
        if distance <= radius:
            hits.append((distance, rowid))
    hits.sort()
    return _fetch(store, hits[: limit * 2], datum)[:limit]


def _fetch(store, hits: list[tuple[float, int]], datum: str) -> list[dict]:
    """Full rows of the nearest hits, ordered by (distance, id) so ties are stable."""
    if not hits:
        return []
    distances = {rowid: d for d, rowid in hits}
    marks = ",".join("?" * len(distances))
    cursor = store.db.execute(
        f"SELECT rowid AS _rowid, * FROM institutions WHERE rowid IN ({marks})", list(distances)
    )
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    rows.sort(key=lambda r: (distances[r["_rowid"]], r["id"]))
    return [_result(decode("institutions", r), distances[r["_rowid"]], datum) for r in rows]


def address_only(store, type: str | None = None) -> list[dict]:  # noqa: A002
    """Institutions without a position, by name (shown as a list, never with a distance)."""
    sql = "SELECT * FROM institutions WHERE lat_w IS NULL"
    params: list[object] = []
    if type is not None:
        sql += " AND type = ?"
        params.append(type)
    cursor = store.db.execute(sql + " ORDER BY name, id", params)
    names = [d[0] for d in cursor.description]
    return [decode("institutions", dict(zip(names, v, strict=True))) for v in cursor.fetchall()]
