"""``/call/{room}?t=TOKEN``: the call page (or, with the Jitsi provider, a redirect to Jitsi) —
and the clear refusal pages for a wrong room, a bad or expired link, a room not open yet or over.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from hub.api.deps import HubDep
from hub.core.clock import now_utc
from hub.pages.render import render

from .config import video_settings
from .links import ice_servers, jitsi_url
from .signaling import check_access

router = APIRouter(include_in_schema=False)

# reason -> (HTTP status, catalog key of the explanation)
REFUSALS = {
    "wrong_room": (404, "video.refused.wrong_room"),
    "invalid": (403, "video.refused.invalid"),
    "expired": (403, "video.refused.expired"),
    "later": (409, "video.refused.later"),
    "closed": (410, "video.refused.closed"),
    "cancelled": (410, "video.refused.cancelled"),
}
PAGE_STRINGS = (
    "connecting",
    "waiting_adviser",
    "waiting_resident",
    "connected",
    "peer_left",
    "ended",
    "no_camera",
    "no_answer",
    "reconnecting",
    "replaced",
    "room_over",
    "refused",
)
CSP = (
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; media-src 'self' blob:; "
    "style-src 'self'; script-src 'self'; frame-ancestors 'none'"
)


def refusal(request: Request, reason: str, room=None) -> HTMLResponse:
    status, key = REFUSALS[reason]
    opens = room.opens_at if room is not None else None
    response = render(
        request, "video/refused.html", status=status, reason=reason, message_key=key, opens_at=opens
    )
    response.headers["X-Refused"] = reason
    return response


@router.get("/call/{room}", response_class=HTMLResponse)
def call_page(room: str, request: Request, hub: HubDep):
    found, role, reason = check_access(hub, room, request.query_params.get("t"))
    if reason:
        return refusal(request, reason, found)
    video = video_settings(hub)
    now = now_utc()
    if video.provider == "jitsi":
        name = found.adviser_name if role == "adviser" else ""
        return RedirectResponse(
            jitsi_url(video, found, role=role, display_name=name, now=now), status_code=303
        )
    config = {
        "ws": f"/call/{found.room}/ws?t={request.query_params['t']}",
        "role": role,
        "kind": found.kind,
        "iceServers": ice_servers(video, now=now, user=role),
        "ringSeconds": video.ring_seconds
        if found.kind == "now" and found.answered_at is None
        else 0,
        "closesAt": int(found.closes_at.timestamp()),
    }
    response = render(
        request,
        "video/call.html",
        role=role,
        room=found,
        config_json=json.dumps(config).replace("</", "<\\/"),
        page_strings=PAGE_STRINGS,
    )
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Permissions-Policy"] = "camera=(self), microphone=(self)"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
