"""Join links (``/call/{room}?t=…``), ICE servers for the page, and the Jitsi Meet alternative."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime, timedelta
from urllib.parse import quote, urlsplit

from hub.core.clock import now_utc

from .config import VideoSettings, video_settings
from .rooms import Room, booked_window
from .tokens import make_token, token_expiry, token_key
from .windows import windows_for

TURN_CREDENTIAL_HOURS = 12


def join_url(
    hub, base: str, room: Room, *, role: str, now: datetime, lang: str | None = None
) -> str:
    """The hub link that lets ``role`` into ``room`` (token valid HUB_VIDEO_TOKEN_MINUTES, at most until close)."""
    video = video_settings(hub)
    expires = token_expiry(now, minutes=video.token_minutes, closes_at=room.closes_at)
    token = make_token(token_key(hub.signing_key), room=room.room, role=role, expires=expires)
    suffix = f"&lang={lang}" if lang else ""
    return f"{base}/call/{quote(room.room, safe='')}?t={token}{suffix}"


def media_origins(base: str, video: VideoSettings) -> list[str]:
    """Origins the terminal's browser must allow camera and microphone for."""
    origins = [_origin(base)]
    if video.provider == "jitsi" and video.jitsi_url:
        origins.append(_origin(video.jitsi_url))
    return origins


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def ice_servers(video: VideoSettings, *, now: datetime, user: str) -> list[dict]:
    """RTCIceServer entries. With a coturn ``static-auth-secret`` the TURN credential is the
    time-limited one coturn's ``use-auth-secret`` expects: ``username = "<expiry>:<user>"``,
    ``credential = base64(HMAC-SHA1(secret, username))``."""
    servers: list[dict] = []
    if video.stun_urls:
        servers.append({"urls": list(video.stun_urls)})
    if video.turn_urls:
        if video.turn_secret:
            expiry = int((now + timedelta(hours=TURN_CREDENTIAL_HOURS)).timestamp())
            username = f"{expiry}:{user}"
            mac = hmac.new(video.turn_secret.encode(), username.encode(), hashlib.sha1).digest()
            servers.append(
                {
                    "urls": list(video.turn_urls),
                    "username": username,
                    "credential": base64.b64encode(mac).decode("ascii"),
                }
            )
        else:
            servers.append(
                {
                    "urls": list(video.turn_urls),
                    "username": video.turn_username,
                    "credential": video.turn_credential,
                }
            )
    return servers


def jitsi_room_name(room: str) -> str:
    """Jitsi folds room names to lower case: use a lower-case hex name derived from the room."""
    return "legal" + hashlib.sha256(room.encode()).hexdigest()[:32]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def jitsi_jwt(
    video: VideoSettings,
    *,
    room_name: str,
    display_name: str,
    moderator: bool,
    expires: datetime,
    now: datetime,
) -> str:
    """An HS256 JWT as Jitsi's token authentication (prosody ``token`` auth) reads it."""
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {
        "iss": video.jitsi_app_id,
        "aud": "jitsi",
        "sub": urlsplit(video.jitsi_url).hostname or "*",
        "room": room_name,
        "nbf": int(now.timestamp()) - 60,
        "exp": int(expires.timestamp()),
        "context": {"user": {"name": display_name, "moderator": moderator}},
    }
    signing_input = (
        _b64(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + _b64(json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode())
    )
    mac = hmac.new(
        video.jitsi_app_secret.encode(), signing_input.encode("ascii"), hashlib.sha256
    ).digest()
    return signing_input + "." + _b64(mac)


def jitsi_url(
    video: VideoSettings, room: Room, *, role: str, display_name: str, now: datetime
) -> str:
    """Where the Jitsi provider sends a checked visitor: the Jitsi room, with a JWT when configured."""
    name = jitsi_room_name(room.room)
    url = f"{video.jitsi_url}/{name}"
    if video.jitsi_app_id and video.jitsi_app_secret:
        token = jitsi_jwt(
            video,
            room_name=name,
            display_name=display_name,
            moderator=role == "adviser",
            expires=room.closes_at,
            now=now,
        )
        url += f"?jwt={token}"
    return url


def booking_join_url(hub, base: str, booking, *, lang: str | None = None) -> str:
    """The resident's join link for a booking row (used by the phone page ``/p/bookings/{code}``)."""
    opens, closes = booked_window(booking, windows_for(hub))
    room = Room(
        room=booking["room"],
        kind="booked",
        adviser_id=booking["adviser_id"],
        adviser_name="",
        terminal_id=booking["terminal_id"],
        opens_at=opens,
        closes_at=closes,
    )
    return join_url(hub, base, room, role="resident", now=now_utc(), lang=lang)
