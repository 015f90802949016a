"""Which legal advisers a terminal offers for booking, in the order a resident should see them.

The adviser the hub assigned to this terminal (staff choose one per terminal in the admin; the
heartbeat answer carries it) comes first, wherever their office is; then this village's
(community's) own advisers; then the advisers whose institution lies
within :data:`NEARBY_ADVISER_M` of the terminal, nearest first. Advisers of far-away places (the
hub serves a whole city or province) and advisers without a located institution are left out, so
a resident is never offered a lawyer from another city.
"""

from __future__ import annotations

import logging

from contract.geo import convert, distance_m

logger = logging.getLogger(__name__)

NEARBY_ADVISER_M = 30_000.0
MAX_ID_LENGTH = 64


def remember_assigned_adviser(store, answer: dict) -> None:
    """Keep the ``adviser_id`` of a heartbeat answer in the store (``None`` clears it).

    An answer without the key (a hub from before the field) leaves what is held; a value that is
    not an id is ignored with a log line rather than trusted.
    """
    if "adviser_id" not in answer:
        return
    adviser_id = answer["adviser_id"]
    if adviser_id is not None and (
        not isinstance(adviser_id, str) or not 0 < len(adviser_id) <= MAX_ID_LENGTH
    ):
        logger.warning("heartbeat answer: adviser_id is not an id; kept the last one")
        return
    if adviser_id != store.assigned_adviser_id():
        store.set_assigned_adviser(adviser_id)
        logger.info("assigned adviser is now %s", adviser_id or "none")


def advisers_for_terminal(store, terminal, *, radius_m: float = NEARBY_ADVISER_M) -> list[dict]:
    """Advisers for the booking screen: the assigned one, own village, then nearby by distance.

    :param store: a :class:`kiosk.store.ContentStore`.
    :param terminal: the config's ``[terminal]`` section (``village``, ``lat``, ``lng``, ``datum``).
    """
    assigned_id = store.assigned_adviser_id()
    assigned = store.adviser(assigned_id) if assigned_id else None
    own = [assigned] if assigned is not None else []
    if terminal.village:
        own += [a for a in store.advisers_for(terminal.village) if a["id"] != assigned_id]
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
