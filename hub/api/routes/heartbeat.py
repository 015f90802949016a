"""``POST /heartbeat``: the terminal says it is alive and what it holds."""

from __future__ import annotations

import json
from datetime import timedelta

from fastapi import APIRouter, HTTPException

from contract.events import json_problem
from hub.api.deps import CurrentTerminal, HubDep
from hub.api.schemas import HeartbeatIn, HeartbeatOut
from hub.core.clock import local_iso
from hub.core.db import writing
from hub.crud.terminal_commands import expire_commands, hand_out, record_done
from hub.crud.terminals import assigned_adviser, record_heartbeat
from hub.models.types import utcnow

router = APIRouter(tags=["terminal"])
MAX_DOCTOR_BYTES = 20_000


@router.post("/heartbeat", response_model=HeartbeatOut)
def heartbeat(body: HeartbeatIn, terminal: CurrentTerminal, hub: HubDep) -> HeartbeatOut:
    if body.doctor is not None:
        if len(json.dumps(body.doctor)) > MAX_DOCTOR_BYTES:
            raise HTTPException(422, f"doctor: larger than {MAX_DOCTOR_BYTES} bytes")
        problem = json_problem(body.doctor, max_text=MAX_DOCTOR_BYTES)
        if problem:
            raise HTTPException(422, f"doctor: {problem}")
    now = utcnow()
    with writing(hub.engine) as conn:
        record_heartbeat(
            conn,
            terminal_id=terminal.terminal_id,
            at=now,
            app_version=body.version,
            content_version=body.content_version,
            queue=body.queue,
            doctor=body.doctor,
            key_id=body.key_id,
            next_key_id=body.next_key_id,
            stale=body.stale,
        )
        adviser_id = assigned_adviser(conn, terminal_id=terminal.terminal_id)
        # Results first, so a command reported now is not handed out again in this answer.
        record_done(
            conn,
            terminal_id=terminal.terminal_id,
            done=[entry.model_dump() for entry in body.done],
            now=now,
        )
        expire_commands(
            conn,
            now=now,
            after=timedelta(minutes=hub.settings.command_expire_minutes),
            terminal_id=terminal.terminal_id,
        )
        commands = hand_out(conn, terminal_id=terminal.terminal_id, now=now)
    return HeartbeatOut(
        server_time=local_iso(now, hub.settings.zone), adviser_id=adviser_id, commands=commands
    )
