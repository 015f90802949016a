"""``/call/{room}/ws``: the WebSocket that pairs the two sides of a room and relays their WebRTC
offer, answer and ICE candidates. Media never passes through the hub.

Protocol (JSON text frames). Hub → page: ``welcome {role, peer}``, ``peer-joined`` (you make the
offer), ``peer-left``, ``replaced`` (the same role joined from elsewhere), ``refused {reason}``,
``closed`` (the room's time is over). Page → hub → other page: ``offer``, ``answer``,
``candidate``, ``bye`` (hung up). Rooms live in this process's memory: behind several hub
processes, route ``/call/`` by room to one process (see docs/video.md).
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool

from hub.api.deps import get_hub
from hub.core.clock import now_utc
from hub.core.db import reading, writing

from . import rooms
from .rooms import Room
from .tokens import TokenRefused, check_token, token_key
from .windows import windows_for

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

RELAYED = frozenset({"offer", "answer", "candidate", "bye"})
MAX_MESSAGE_CHARS = 64_000
CLOSE_REFUSED = 4403
CLOSE_REPLACED = 4409
CLOSE_ROOM_OVER = 4410
CLOSE_UNSUPPORTED = 1003  # RFC 6455: a binary frame where only text is spoken


@dataclass
class Signaling:
    """Open sockets per room and role (one event loop touches this, so no lock)."""

    rooms: dict[str, dict[str, WebSocket]] = field(default_factory=dict)

    def peer(self, room: str, role: str) -> WebSocket | None:
        return self.rooms.get(room, {}).get("adviser" if role == "resident" else "resident")


def signaling_for(hub) -> Signaling:
    found = getattr(hub, "signaling", None)
    if found is None:
        found = Signaling()
        hub.signaling = found
    return found


def check_access(hub, room_name: str, token: str | None) -> tuple[Room | None, str, str]:
    """``(room, role, "")`` when the token opens the room now, else ``(room, "", reason)``."""
    now = now_utc()
    with reading(hub.engine) as conn:
        room = rooms.find_room(conn, room_name, windows_for(hub))
    if room is None:
        return None, "", "wrong_room"
    try:
        keys = [token_key(key) for key in hub.token_keys()]
        role = check_token(keys, token, room=room.room, now=now)
    except TokenRefused as refused:
        return room, "", refused.reason
    state = room.state(now)
    return (room, role, "") if state == "open" else (room, "", state)


def _record(hub, action: str, room: Room, role: str) -> None:
    now = now_utc()
    with writing(hub.engine) as conn:
        if room.kind == "booked":
            rooms.ensure_call(conn, room, now)
        if action == "started":
            rooms.mark_started(conn, room=room.room, now=now)
        elif action == "ended":
            rooms.mark_ended(conn, room=room.room, now=now)
            rooms.mark_given_up(conn, room=room.room, now=now)
        elif action == "adviser_in" and room.kind == "now" and room.call_id is not None:
            rooms.answer_call(
                conn,
                call_id=room.call_id,
                adviser_id=room.adviser_id,
                now=now,
                windows=windows_for(hub),
            )


async def _send(ws: WebSocket | None, message: dict) -> None:
    if ws is None:
        return
    try:
        await ws.send_text(json.dumps(message))
    except (RuntimeError, WebSocketDisconnect):
        logger.debug("could not send %s to a closed socket", message.get("type"))


@router.websocket("/call/{room}/ws")
async def call_socket(ws: WebSocket, room: str) -> None:
    hub = get_hub(ws)
    found, role, reason = await run_in_threadpool(check_access, hub, room, ws.query_params.get("t"))
    await ws.accept()
    if reason:
        await _send(ws, {"type": "refused", "reason": reason})
        await ws.close(CLOSE_REFUSED)
        return
    signaling = signaling_for(hub)
    members = signaling.rooms.setdefault(found.room, {})
    old = members.get(role)
    members[role] = ws
    if old is not None:
        await _send(old, {"type": "replaced"})
        await old.close(CLOSE_REPLACED)
    other = signaling.peer(found.room, role)
    await _send(ws, {"type": "welcome", "role": role, "peer": other is not None})
    if role == "adviser":
        await run_in_threadpool(_record, hub, "adviser_in", found, role)
    if other is not None:
        await run_in_threadpool(_record, hub, "started", found, role)
        await _send(other, {"type": "peer-joined"})
    try:
        await _relay(ws, signaling, found, role)
    finally:
        await _leave(hub, ws, signaling, found, role)


async def _relay(ws: WebSocket, signaling: Signaling, room: Room, role: str) -> None:
    hub = get_hub(ws)
    while True:
        remaining_s = (room.closes_at - now_utc()).total_seconds()
        if remaining_s <= 0:
            await _send(ws, {"type": "closed"})
            await ws.close(CLOSE_ROOM_OVER)
            return
        try:
            frame = await asyncio.wait_for(ws.receive(), timeout=remaining_s)
        except TimeoutError:
            continue
        except (WebSocketDisconnect, RuntimeError):
            return
        if frame.get("type") == "websocket.disconnect":
            return
        text = frame.get("text")
        if text is None:  # a binary frame: the signalling speaks JSON text only
            await _send(ws, {"type": "refused", "reason": "text frames only"})
            await ws.close(CLOSE_UNSUPPORTED, reason="text frames only")
            return
        if len(text) > MAX_MESSAGE_CHARS:
            continue
        try:
            message = json.loads(text)
        except ValueError:
            continue
        if not isinstance(message, dict) or message.get("type") not in RELAYED:
            continue
        if message["type"] == "bye":
            await run_in_threadpool(_record, hub, "ended", room, role)
        await _send(signaling.peer(room.room, role), message)


async def _leave(hub, ws: WebSocket, signaling: Signaling, room: Room, role: str) -> None:
    members = signaling.rooms.get(room.room, {})
    if members.get(role) is not ws:
        return  # replaced by a newer socket of the same role
    del members[role]
    other = signaling.peer(room.room, role)
    if other is None:
        signaling.rooms.pop(room.room, None)
        await run_in_threadpool(_record, hub, "ended", room, role)
    else:
        await _send(other, {"type": "peer-left"})
