"""Map links that open navigation to an institution on a phone: Amap and Baidu Maps.

Both links carry GCJ-02 coordinates: Amap's URI API expects them (``coordinate=gaode``) and Baidu's
marker API is told so (``coord_type=gcj02``), so a point is never shifted twice. A record in another
datum (wgs84, bd09) is converted first. Used by the terminal's QR codes and the hub's phone pages.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from contract.geo import convert

MAP_APPS = ("amap", "baidu")
SOURCE_TAG = "legal-kiosk"


def map_link(
    institution: dict, *, app: str = "amap", label: str | None = None, detail: str | None = None
) -> str:
    """The ``app`` link for ``institution`` (needs ``lat``, ``lng``; ``datum`` defaults to gcj02).

    :param label: the marker's title; defaults to the institution's name ("" leaves it out).
    :param detail: Baidu's marker text; defaults to the address ("" leaves it out).
    """
    if app not in MAP_APPS:
        raise ValueError(f"unknown map app {app!r}; expected one of {', '.join(MAP_APPS)}")
    lat, lng = convert(
        float(institution["lat"]),
        float(institution["lng"]),
        institution.get("datum") or "gcj02",
        "gcj02",
    )
    label = str(institution.get("name", "")) if label is None else label
    detail = str(institution.get("address", "")) if detail is None else detail
    if app == "amap":
        query = {
            "position": f"{lng:.6f},{lat:.6f}",
            "name": label,
            "src": SOURCE_TAG,
            "coordinate": "gaode",
            "callnative": "1",
        }
        base = "https://uri.amap.com/marker?"
    else:
        query = {
            "location": f"{lat:.6f},{lng:.6f}",
            "title": label,
            "content": detail,
            "output": "html",
            "coord_type": "gcj02",
            "src": f"webapp.{SOURCE_TAG}",
        }
        base = "https://api.map.baidu.com/marker?"
    kept = {
        key: value
        for key, value in query.items()
        if value != "" or key not in ("name", "title", "content")
    }
    return base + urlencode(kept, safe=",", quote_via=quote)
