"""No room name or join token in the hub's log: a real hub process (one and two workers) holds a
call's signalling — the terminal asks for the booking's room, resident and adviser connect their
WebSockets and exchange a message, a forged token is refused — then its log file is searched."""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select
from websockets.sync.client import connect

from hub.core.config import HubSettings
from hub.core.db import make_engine
from hub.core.log_redaction import redact
from hub.models.tables import users
from tests.support.hub_process import hub_process
from tests.support.video_rooms import add_booking, now_utc, token_for

pytestmark = pytest.mark.slow


def test_redact_cuts_rooms_and_tokens():
    line = '127.0.0.1:5 - "WebSocket /call/Ab-c_9/ws?t=resident.17.mac-_x&lang=en" [accepted]'
    assert redact(line) == '127.0.0.1:5 - "WebSocket /call/…/ws?t=…&lang=en" [accepted]'
    assert redact("GET /api/v1/content?since=3") == "GET /api/v1/content?since=3"


@pytest.mark.parametrize("workers", [1, 2])
def test_a_call_leaves_no_token_or_room_in_the_log(tmp_path, workers):
    with hub_process(tmp_path, workers=workers) as hub:
        settings = HubSettings.from_env({"HUB_DATA": str(hub.data_dir)})
        engine = make_engine(settings)
        with engine.connect() as conn:
            adviser_id = conn.execute(
                select(users.c.adviser_id).where(users.c.username == "adviser")
            ).scalar_one()
        booked = add_booking(
            engine, adviser_id=adviser_id, start=now_utc() + timedelta(minutes=5), minutes=30
        )
        engine.dispose()
        enrolled = httpx.post(
            hub.base_url + "/api/v1/enroll", json={"code": hub.codes[hub.terminals[0]]}
        ).json()
        made = httpx.post(
            hub.base_url + "/api/v1/calls",
            json={"booking_code": booked["code"]},
            headers={"Authorization": f"Bearer {enrolled['token']}"},
        )
        assert made.status_code == 200, made.text
        join = urlsplit(made.json()["join_url"])
        resident_token = parse_qs(join.query)["t"][0]
        adviser_token = token_for(settings, booked["room"], "adviser")
        assert httpx.get(hub.base_url + join.path, params={"t": resident_token}).status_code == 200
        ws_base = hub.base_url.replace("http://", "ws://") + f"/call/{booked['room']}/ws?t="
        with (
            connect(ws_base + resident_token) as resident,
            connect(ws_base + adviser_token) as adviser,
        ):
            assert json.loads(resident.recv(timeout=10))["type"] == "welcome"
            assert json.loads(adviser.recv(timeout=10))["type"] == "welcome"
            if workers == 1:  # both sides in the one process that holds the room: it relays
                assert json.loads(resident.recv(timeout=10))["type"] == "peer-joined"
                adviser.send(json.dumps({"type": "offer", "sdp": "v=0"}))
                assert json.loads(resident.recv(timeout=10))["type"] == "offer"
        forged = resident_token[:-4] + "AAAA"
        with connect(ws_base + forged) as refused:
            assert json.loads(refused.recv(timeout=10))["type"] == "refused"
    log = (hub.data_dir / "serve.log").read_text(errors="replace")
    for secret in (booked["room"], resident_token, adviser_token, forged, booked["code"]):
        assert secret not in log
    assert '"WebSocket /call/…/ws?t=…"' in log  # the lines are there, redacted
