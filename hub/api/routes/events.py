"""``POST /events``: a batch of outbox events, de-duplicated by (terminal, event id)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from hub.api.deps import CurrentTerminal, HubDep
from hub.api.schemas import EventsIn, EventsOut
from hub.core.db import writing
from hub.crud.events import store_new_events
from hub.models.types import utcnow

router = APIRouter(tags=["terminal"])


@router.post("/events", response_model=EventsOut)
def ingest(body: EventsIn, terminal: CurrentTerminal, hub: HubDep) -> EventsOut:
    """Store new events; answer which ids were new and which the hub already had."""
    limit = hub.settings.max_events_per_batch
    if len(body.events) > limit:
        raise HTTPException(422, f"events: at most {limit} per batch")
    now = utcnow()
    ids = [str(event.id) for event in body.events]
    rows = {}
    for event, event_id in zip(body.events, ids, strict=True):
        rows.setdefault(
            event_id,
            {
                "terminal_id": terminal.terminal_id,
                "event_id": event_id,
                "type": event.type,
                "at": event.at,
                "props": event.props,
                "received_at": now,
            },
        )
    with writing(hub.engine) as conn:
        stored = store_new_events(conn, rows=list(rows.values()))
    accepted: list[str] = []
    duplicates: list[str] = []
    for event_id in ids:  # an id repeated within the batch is new once, then a duplicate
        if event_id in stored:
            accepted.append(event_id)
            stored.discard(event_id)
        else:
            duplicates.append(event_id)
    return EventsOut(accepted=accepted, duplicates=duplicates)
