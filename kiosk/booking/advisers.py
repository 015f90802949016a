"""Which legal advisers a terminal offers for booking, in the order a resident should see them.

This village's (community's) own advisers come first; then the advisers whose institution lies
within :data:`NEARBY_ADVISER_M` of the terminal, nearest first. Advisers of far-away places (the
hub serves a whole city or province) and advisers without a located institution are left out, so
a resident is never offered a lawyer from another city.
"""

from __future__ import annotations

from contract.geo import convert, distance_m

NEARBY_ADVISER_M = 30_000.0


def advisers_for_terminal(store, terminal, *, radius_m: float = NEARBY_ADVISER_M) -> list[dict]:
    """Advisers for the booking screen: own village first, then nearby ones by distance.

    :param store: a :class:`kiosk.store.ContentStore`.
    :param terminal: the config's ``[terminal]`` section (``village``, ``lat``, ``lng``, ``datum``).
    """
    own = store.advisers_for(terminal.village) if terminal.village else []
    chosen = {adviser["id"] for adviser in own}
    nearby: list[tuple[float, dict]] = []
    for adviser in store.advisers():
        if adviser["id"] in chosen or not adviser.get("institution_id"):
            continue
        institution = store.institution(adviser["institution_id"])
        if institution is None or (institution["lat"], institution["lng"]) == (0, 0):
            continue
        lat, lng = convert(
            institution["lat"],
            institution["lng"],
            institution.get("datum") or "gcj02",
            terminal.datum,
        )
        distance = distance_m(terminal.lat, terminal.lng, lat, lng)
        if distance <= radius_m:
            nearby.append((distance, adviser))
    nearby.sort(key=lambda pair: pair[0])
    return own + [adviser for _, adviser in nearby]
