"""Terminal API for calls: ``GET /api/v1/calls/now`` (can a resident call now?) and
``POST /api/v1/calls`` (a room to join: "call now", or a booking's room by its code).

The booking code is the secret, as on the phone page: any enrolled terminal may open the call of
a booking whose code the resident types (a resident may come to another terminal).
"""

from __future__ import annotations

from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from hub.api.deps import CurrentTerminal, HubDep
from hub.api.routes.bookings import public_base
from hub.api.schemas import Strict
from hub.core.clock import local_iso, local_text, now_utc
from hub.core.db import reading, writing
from hub.crud.bookings import booking_by_code
from hub.video import rooms
from hub.video.config import video_settings
from hub.video.duty import choose_adviser, lock_call_choice
from hub.video.links import join_url, media_origins
from hub.video.windows import windows_for

router = APIRouter(tags=["terminal"])

NOBODY = {
    "nobody_on_duty": "no adviser is on duty now",
    "all_busy": "every adviser on duty is in a call now",
}


class CallIn(Strict):
    booking_code: (
        Annotated[str, Field(min_length=4, max_length=16, pattern=r"^[A-Za-z0-9]+$")] | None
    ) = None
    lang: Literal["zh_CN", "en"] | None = None


class CallOut(BaseModel):
    call_id: int
    kind: str
    room: str
    join_url: str
    adviser_id: str
    adviser_name: str
    opens_at: str
    closes_at: str
    ring_seconds: int
    media_origins: list[str]


class AvailabilityOut(BaseModel):
    available: bool
    reason: str
    detail: str


@router.get("/calls/now", response_model=AvailabilityOut)
def can_call_now(terminal: CurrentTerminal, hub: HubDep) -> AvailabilityOut:
    """Whether "call now" would find a free adviser on duty for this terminal right now."""
    with reading(hub.engine) as conn:
        adviser_id, reason = choose_adviser(
            conn, terminal_id=terminal.terminal_id, now=now_utc(), windows=windows_for(hub)
        )
    return AvailabilityOut(
        available=adviser_id is not None, reason=reason, detail=NOBODY.get(reason, "")
    )


@router.post(
    "/calls",
    status_code=201,
    response_model=CallOut,
    responses={
        200: {"description": "the booking's room"},
        404: {"description": "no such booking"},
        409: {"description": "nobody on duty / room not open"},
    },
)
def start_call(body: CallIn, terminal: CurrentTerminal, hub: HubDep, request: Request):
    """Without ``booking_code``: ring a free adviser on duty (201). With it: that booking's room (200).

    A terminal rings at most one adviser at a time: while its last "call now" is still ringing,
    asking again answers that same call (200, ``X-Reason: already_ringing``) and rings nobody new.
    """
    now = now_utc()
    windows = windows_for(hub)
    again = False
    with writing(hub.engine) as conn:
        if body.booking_code:
            room = _booked_room(conn, body.booking_code, windows, now, hub.settings.zone)
        else:
            room, again = _now_room(conn, terminal.terminal_id, windows, now)
    base = public_base(hub, request)
    video = video_settings(hub)
    ring_seconds = 0
    if room.kind == "now":
        rung = int((now - room.opens_at).total_seconds())
        ring_seconds = max(video.ring_seconds - rung, 0)
    answer = CallOut(
        call_id=room.call_id,
        kind=room.kind,
        room=room.room,
        join_url=join_url(hub, base, room, role="resident", now=now, lang=body.lang),
        adviser_id=room.adviser_id,
        adviser_name=room.adviser_name,
        opens_at=local_iso(room.opens_at, hub.settings.zone),
        closes_at=local_iso(room.closes_at, hub.settings.zone),
        ring_seconds=ring_seconds,
        media_origins=media_origins(base, video),
    )
    if again:
        return JSONResponse(
            answer.model_dump(), status_code=200, headers={"X-Reason": "already_ringing"}
        )
    if room.kind == "booked":
        return JSONResponse(answer.model_dump(), status_code=200)
    return answer


def _now_room(conn, terminal_id: str, windows, now) -> tuple[rooms.Room, bool]:
    """The terminal's ringing "call now" (``again`` True), else a new one ringing a free adviser."""
    lock_call_choice(conn)  # choose and ring in one serialised step: see hub.video.duty
    ringing = rooms.ringing_call_of_terminal(
        conn, terminal_id=terminal_id, now=now, windows=windows
    )
    if ringing is not None:
        return rooms.find_room(conn, ringing["room"], windows), True
    adviser_id, reason = choose_adviser(conn, terminal_id=terminal_id, now=now, windows=windows)
    if adviser_id is None:
        raise HTTPException(409, NOBODY[reason], headers={"X-Reason": reason})
    call_id = rooms.create_now_call(
        conn, terminal_id=terminal_id, adviser_id=adviser_id, now=now, windows=windows
    )
    return rooms.find_room(conn, rooms.call_by_id(conn, call_id)["room"], windows), False


def _booked_room(conn, code: str, windows, now, zone: ZoneInfo) -> rooms.Room:
    booking = booking_by_code(conn, code)
    if booking is None:
        raise HTTPException(404, "no such booking", headers={"X-Reason": "not_found"})
    room = rooms.find_room(conn, booking["room"], windows)
    state = room.state(now)
    reason = {"X-Reason": state, "X-Opens-At": local_iso(room.opens_at, zone)}
    if state == "cancelled":
        raise HTTPException(409, "this booking was cancelled", headers=reason)
    if state == "later":
        opens = local_text(room.opens_at, zone)
        raise HTTPException(409, f"the room opens at {opens} ({zone.key})", headers=reason)
    if state == "closed":
        raise HTTPException(409, "the time of this consultation is over", headers=reason)
    call_id = rooms.ensure_call(conn, room, now)
    return rooms.Room(**{**room.__dict__, "call_id": call_id})
