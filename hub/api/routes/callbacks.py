"""``POST /callbacks``: a callback request queued on a terminal (de-duplicated by its id)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Response
from pydantic import BaseModel, Field

from hub.api.deps import CurrentTerminal, HubDep
from hub.api.schemas import ID_PATTERN, FreeText, Phone, PlainText, Strict, TerminalTime
from hub.core.clock import now_utc
from hub.core.db import writing
from hub.crud.callbacks import NewCallback, store_callback
from hub.crud.slots import active_adviser_exists

router = APIRouter(tags=["terminal"])


class CallbackIn(Strict):
    id: uuid.UUID
    name: Annotated[PlainText, Field(max_length=40)]
    phone: Phone
    adviser_id: Annotated[str, Field(pattern=ID_PATTERN)] | None = None
    topic: Annotated[FreeText, Field(max_length=200)] = ""
    at: TerminalTime


class CallbackOut(BaseModel):
    id: str
    duplicate: bool


@router.post(
    "/callbacks",
    status_code=201,
    response_model=CallbackOut,
    responses={200: {"description": "already received"}, 422: {"description": "bad input"}},
)
def request_callback(
    body: CallbackIn, terminal: CurrentTerminal, hub: HubDep, response: Response
) -> CallbackOut:
    """Store a resident's callback request once; the same id again answers ``duplicate``."""
    with writing(hub.engine) as conn:
        if body.adviser_id is not None and not active_adviser_exists(conn, body.adviser_id):
            raise HTTPException(422, "adviser_id: no such adviser")
        new = store_callback(
            conn,
            NewCallback(
                terminal_id=terminal.terminal_id,
                request_id=str(body.id),
                adviser_id=body.adviser_id,
                name=body.name,
                phone=body.phone,
                topic=body.topic.strip(),
                requested_at=body.at,
            ),
            now=now_utc(),
        )
    if not new:
        response.status_code = 200
    return CallbackOut(id=str(body.id), duplicate=not new)
