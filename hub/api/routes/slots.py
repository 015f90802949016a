"""``GET /advisers/{id}/slots?days=N``: an adviser's slots in China time, free or taken."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query

from hub.api.deps import CurrentTerminal, HubDep
from hub.api.schemas import ID_PATTERN, SlotOut, SlotsOut
from hub.core.clock import local_iso, now_utc
from hub.core.db import reading
from hub.crud.slots import active_adviser_exists, adviser_slots

router = APIRouter(tags=["terminal"])


@router.get("/advisers/{adviser_id}/slots", response_model=SlotsOut)
def slots(
    terminal: CurrentTerminal,
    hub: HubDep,
    adviser_id: Annotated[str, Path(pattern=ID_PATTERN)],
    days: Annotated[int, Query()] = 7,
) -> SlotsOut:
    limit = hub.settings.slot_days_max
    if not 1 <= days <= limit:
        raise HTTPException(422, f"days must be between 1 and {limit}")
    with reading(hub.engine) as conn:
        if not active_adviser_exists(conn, adviser_id):
            raise HTTPException(404, "no such adviser")
        found = adviser_slots(
            conn,
            adviser_id=adviser_id,
            now=now_utc(),
            days=days,
            slot_minutes=hub.settings.slot_minutes,
            zone=hub.settings.zone,
        )
    zone = hub.settings.zone
    return SlotsOut(
        adviser_id=adviser_id,
        slots=[
            SlotOut(start=local_iso(s.start, zone), end=local_iso(s.end, zone), free=s.free)
            for s in found
        ],
    )
