"""Video rooms in-process: join tokens, refusal pages, the terminal's calls API, the adviser
console (duty switch, ringing, answer, outcome) and the Jitsi provider."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from hub.core.db import reading, writing
from hub.main import create_app
from hub.models.tables import bookings, calls, duty_log
from hub.video.config import VideoSettings
from hub.video.duty import set_on_duty
from hub.video.rooms import mark_given_up
from hub.video.tokens import TokenRefused, check_token, make_token
from tests.support.admin_app import csrf_of, staff_client
from tests.support.video_rooms import add_booking, now_utc, token_for
from tests.support.zones import SHANGHAI

KEY = b"k" * 32


@dataclass
class VideoHub:
    app: object
    settings: object
    engine: object
    demo: object

    @property
    def codes(self) -> dict:
        return self.demo.codes

    def client(self, role: str | None = None):
        return staff_client(self.app, self.demo, role)


@pytest.fixture
def vhub(hub_env):
    """The seeded hub of tests/hub/conftest.py (SQLite and PostgreSQL) with default video settings."""
    app = create_app(hub_env.settings, engine=hub_env.engine)
    app.state.hub.video_settings = VideoSettings()
    return VideoHub(app=app, settings=hub_env.settings, engine=hub_env.engine, demo=hub_env.demo)


def terminal_client(vhub, name="示例终端A"):
    client = vhub.client()
    code = next(iter(vhub.codes.values())) if name not in vhub.codes else vhub.codes[name]
    token = client.post("/api/v1/enroll", json={"code": code}).json()["token"]
    client.headers["Authorization"] = f"Bearer {token}"
    return client


def set_duty(client, on: bool):
    page = client.get("/admin/console")
    assert page.status_code == 200, page.text
    return client.post(
        "/admin/console/duty", data={"csrf": csrf_of(page.text), "on": "1" if on else "0"}
    )


# --- tokens ------------------------------------------------------------------------------------
def test_token_opens_its_room_only_and_expires():
    now = now_utc()
    token = make_token(KEY, room="roomA", role="resident", expires=now + timedelta(minutes=5))
    assert check_token(KEY, token, room="roomA", now=now) == "resident"
    with pytest.raises(TokenRefused) as other:
        check_token(KEY, token, room="roomB", now=now)
    assert other.value.reason == "invalid"
    with pytest.raises(TokenRefused) as late:
        check_token(KEY, token, room="roomA", now=now + timedelta(minutes=6))
    assert late.value.reason == "expired"
    role, exp, mac = token.split(".")
    for forged in (
        f"adviser.{exp}.{mac}",
        f"{role}.{int(exp) + 3600}.{mac}",
        "",
        "x" * 200,
        "resident..",
        None,
    ):
        with pytest.raises(TokenRefused):
            check_token(KEY, forged, room="roomA", now=now)


# --- refusal pages -------------------------------------------------------------------------------
def test_call_page_opens_in_the_window_and_refuses_clearly(vhub):
    client = vhub.client()
    now = now_utc()
    open_b = add_booking(vhub.engine, adviser_id="adv-a", start=now - timedelta(minutes=5))
    later_b = add_booking(vhub.engine, adviser_id="adv-a", start=now + timedelta(hours=3))
    past_b = add_booking(vhub.engine, adviser_id="adv-a", start=now - timedelta(hours=3))
    gone_b = add_booking(vhub.engine, adviser_id="adv-b", start=now, status="cancelled")
    ok = client.get(
        f"/call/{open_b['room']}",
        params={"t": token_for(vhub.settings, open_b["room"], "resident")},
    )
    assert ok.status_code == 200
    assert '<script src="/static/video/call.js">' in ok.text and "王律师（示例）" in ok.text
    config = json.loads(re.search(r'id="call-config">(.*?)</script>', ok.text).group(1))
    assert config["role"] == "resident" and config["ws"].startswith(
        f"/call/{open_b['room']}/ws?t=resident."
    )
    cases = [
        (
            "no-such-room",
            token_for(vhub.settings, "no-such-room", "resident"),
            404,
            "wrong_room",
            "没有找到这个视频咨询",
        ),
        (
            open_b["room"],
            token_for(vhub.settings, later_b["room"], "resident"),
            403,
            "invalid",
            "不属于这个视频咨询",
        ),
        (
            open_b["room"],
            token_for(
                vhub.settings, open_b["room"], "resident", expires=now - timedelta(seconds=1)
            ),
            403,
            "expired",
            "链接已经过期",
        ),
        (
            later_b["room"],
            token_for(vhub.settings, later_b["room"], "resident"),
            409,
            "later",
            "还没到视频咨询时间",
        ),
        (
            past_b["room"],
            token_for(vhub.settings, past_b["room"], "resident"),
            410,
            "closed",
            "入口已关闭",
        ),
        (
            gone_b["room"],
            token_for(vhub.settings, gone_b["room"], "resident"),
            410,
            "cancelled",
            "已经取消",
        ),
        (open_b["room"], None, 403, "invalid", "不属于这个视频咨询"),
    ]
    for room, token, status, reason, text in cases:
        answer = client.get(f"/call/{room}", params={"t": token} if token else {})
        assert (answer.status_code, answer.headers["x-refused"]) == (status, reason)
        assert text in answer.text and "12348" in answer.text
    english = client.get(
        f"/call/{past_b['room']}",
        params={"t": token_for(vhub.settings, past_b["room"], "adviser"), "lang": "en"},
    )
    assert "The time of this consultation has passed" in english.text


def test_later_page_names_the_opening_time(vhub):
    start = now_utc() + timedelta(days=1)
    later_b = add_booking(vhub.engine, adviser_id="adv-a", start=start)
    answer = vhub.client().get(
        f"/call/{later_b['room']}",
        params={"t": token_for(vhub.settings, later_b["room"], "resident")},
    )
    opens = (start - timedelta(minutes=10)).astimezone(SHANGHAI)
    assert f"{opens:%H:%M}" in answer.text


def test_websocket_refuses_a_token_of_another_room(vhub):
    now = now_utc()
    a = add_booking(vhub.engine, adviser_id="adv-a", start=now)
    b = add_booking(vhub.engine, adviser_id="adv-b", start=now)
    with vhub.client().websocket_connect(
        f"/call/{b['room']}/ws?t={token_for(vhub.settings, a['room'], 'resident')}"
    ) as ws:
        assert ws.receive_json() == {"type": "refused", "reason": "invalid"}
    with vhub.client().websocket_connect(
        f"/call/{a['room']}/ws?t={token_for(vhub.settings, a['room'], 'resident')}"
    ) as ws:
        assert ws.receive_json() == {"type": "welcome", "role": "resident", "peer": False}


# --- terminal API and console ------------------------------------------------------------------
def test_call_now_needs_an_adviser_on_duty_and_rings_the_console(vhub):
    terminal = terminal_client(vhub)
    assert terminal.get("/api/v1/calls/now").json() == {
        "available": False,
        "reason": "nobody_on_duty",
        "detail": "no adviser is on duty now",
    }
    refused = terminal.post("/api/v1/calls", json={})
    assert (refused.status_code, refused.json()["detail"]) == (409, "no adviser is on duty now")
    adviser = vhub.client("adviser")
    assert set_duty(adviser, True).headers["location"] == "/admin/console?done=duty_on"
    assert terminal.get("/api/v1/calls/now").json()["available"] is True
    made = terminal.post("/api/v1/calls", json={"lang": "en"})
    assert made.status_code == 201, made.text
    call = made.json()
    assert call["kind"] == "now" and call["adviser_id"] == "adv-a" and call["ring_seconds"] == 120
    assert re.fullmatch(
        r"http://testserver/call/[\w-]{32}\?t=resident\.\d+\.[\w-]{43}&lang=en", call["join_url"]
    )
    assert call["media_origins"] == ["http://testserver"]
    again = terminal.post("/api/v1/calls", json={})  # still ringing: the same call, nobody new
    assert (again.status_code, again.headers["X-Reason"]) == (200, "already_ringing")
    assert {k: again.json()[k] for k in ("call_id", "room", "adviser_id")} == {
        k: call[k] for k in ("call_id", "room", "adviser_id")
    }
    assert 0 < again.json()["ring_seconds"] <= 120
    busy = terminal_client(vhub, "测试终端乙").post("/api/v1/calls", json={})
    assert (busy.status_code, busy.json()["detail"]) == (
        409,
        "every adviser on duty is in a call now",
    )
    assert adviser.get("/admin/console/ringing.json").json() == {
        "on_duty": True,
        "ringing": [{"id": call["call_id"], "terminal": next(iter(vhub.codes))}],
    }
    page = adviser.get("/admin/console")
    assert f'action="/admin/console/calls/{call["call_id"]}/answer"' in page.text
    answer = adviser.post(
        f"/admin/console/calls/{call['call_id']}/answer", data={"csrf": csrf_of(page.text)}
    )
    assert answer.status_code == 303
    assert re.fullmatch(
        rf"/call/{call['room']}\?t=adviser\.\d+\.[\w-]{{43}}", answer.headers["location"]
    )
    assert adviser.get("/admin/console/ringing.json").json()["ringing"] == []
    assert adviser.get(answer.headers["location"]).status_code == 200
    assert terminal.get("/api/v1/calls/now").json()["reason"] == "all_busy"  # answered: in a call
    set_duty(adviser, False)
    with reading(vhub.engine) as conn:
        periods = conn.execute(select(duty_log)).mappings().all()
    assert len(periods) == 1 and periods[0]["ended_at"] is not None


def test_a_terminal_rings_one_adviser_at_a_time(vhub):
    with writing(vhub.engine) as conn:
        for adviser_id in ("adv-a", "adv-b"):
            set_on_duty(conn, adviser_id=adviser_id, on=True, now=now_utc())
    terminal = terminal_client(vhub)
    answers = [terminal.post("/api/v1/calls", json={}) for _ in range(5)]
    assert [a.status_code for a in answers] == [201, 200, 200, 200, 200]
    assert {a.json()["call_id"] for a in answers} == {answers[0].json()["call_id"]}
    with reading(vhub.engine) as conn:
        rung = conn.execute(select(calls.c.adviser_id)).scalars().all()
    assert rung == ["adv-a"]  # adv-b was never rung by the repeats
    with writing(vhub.engine) as conn:  # the resident left before anyone answered
        mark_given_up(conn, room=answers[0].json()["room"], now=now_utc())
    after = terminal.post("/api/v1/calls", json={})
    assert after.status_code == 201 and after.json()["call_id"] != answers[0].json()["call_id"]


def test_call_by_booking_code(vhub):
    terminal = terminal_client(vhub)
    now = now_utc()
    open_b = add_booking(vhub.engine, adviser_id="adv-b", start=now + timedelta(minutes=5))
    later_b = add_booking(vhub.engine, adviser_id="adv-b", start=now + timedelta(hours=2))
    past_b = add_booking(vhub.engine, adviser_id="adv-b", start=now - timedelta(hours=2))
    made = terminal.post("/api/v1/calls", json={"booking_code": open_b["code"].lower()})
    assert (
        made.status_code == 200
        and made.json()["room"] == open_b["room"]
        and made.json()["kind"] == "booked"
    )
    again = terminal.post("/api/v1/calls", json={"booking_code": open_b["code"]})
    assert again.json()["call_id"] == made.json()["call_id"]
    assert terminal.get(made.json()["join_url"].replace("http://testserver", "")).status_code == 200
    for code, status, detail in (
        (later_b["code"], 409, "the room opens at"),
        (past_b["code"], 409, "the time of this consultation is over"),
        ("ZZZZZZZZZZ", 404, "no such booking"),
    ):
        answer = terminal.post("/api/v1/calls", json={"booking_code": code})
        assert answer.status_code == status and answer.json()["detail"].startswith(detail)
    bad = terminal.post("/api/v1/calls", json={"booking_code": "a b"})
    assert bad.status_code == 422
    assert terminal.post("/api/v1/calls", json={"room": "x"}).status_code == 422
    assert vhub.client().post("/api/v1/calls", json={}).status_code == 401


def test_console_lists_bookings_and_saves_outcomes(vhub):
    now = now_utc()
    held = add_booking(vhub.engine, adviser_id="adv-a", start=now - timedelta(minutes=5))
    later = add_booking(vhub.engine, adviser_id="adv-a", start=now + timedelta(days=2))
    other = add_booking(vhub.engine, adviser_id="adv-b", start=now)
    adviser = vhub.client("adviser")
    page = adviser.get("/admin/console")
    assert (
        held["code"] in page.text and later["code"] in page.text and other["code"] not in page.text
    )
    assert "张示例" in page.text
    with reading(vhub.engine) as conn:
        ids = dict(conn.execute(select(bookings.c.code, bookings.c.id)).all())
    csrf = csrf_of(page.text)
    join = adviser.post(f"/admin/console/bookings/{ids[held['code']]}/join", data={"csrf": csrf})
    assert join.status_code == 303 and join.headers["location"].startswith(
        f"/call/{held['room']}?t=adviser."
    )
    assert (
        adviser.post(
            f"/admin/console/bookings/{ids[later['code']]}/join", data={"csrf": csrf}
        ).status_code
        == 409
    )
    assert (
        adviser.post(
            f"/admin/console/bookings/{ids[other['code']]}/join", data={"csrf": csrf}
        ).status_code
        == 404
    )
    saved = adviser.post(
        f"/admin/console/bookings/{ids[held['code']]}/outcome",
        data={"csrf": csrf, "outcome": "referred", "note": "转介法律援助中心（示例）"},
    )
    assert saved.headers["location"] == "/admin/console?done=outcome_saved"
    assert (
        adviser.post(
            f"/admin/console/bookings/{ids[later['code']]}/outcome",
            data={"csrf": csrf, "outcome": "held"},
        ).status_code
        == 409
    )
    assert (
        adviser.post(
            f"/admin/console/bookings/{ids[held['code']]}/outcome",
            data={"csrf": csrf, "outcome": "won"},
        ).status_code
        == 422
    )
    assert (
        adviser.post(
            f"/admin/console/bookings/{ids[held['code']]}/outcome",
            data={"csrf": "wrong", "outcome": "held"},
        ).status_code
        == 403
    )
    with reading(vhub.engine) as conn:
        call = conn.execute(select(calls)).mappings().one()
        booking = (
            conn.execute(select(bookings).where(bookings.c.code == held["code"])).mappings().one()
        )
    assert (call["outcome"], call["note"], call["kind"]) == (
        "referred",
        "转介法律援助中心（示例）",
        "booked",
    )
    assert (booking["status"], booking["outcome_note"]) == ("referred", "转介法律援助中心（示例）")
    assert vhub.client("editor").get("/admin/console").status_code == 403


# --- Jitsi ---------------------------------------------------------------------------------------
def _b64json(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_jitsi_provider_redirects_with_a_signed_jwt(vhub):
    vhub.app.state.hub.video_settings = VideoSettings(
        provider="jitsi",
        jitsi_url="https://meet.example.cn",
        jitsi_app_id="legalhub",
        jitsi_app_secret="s3cret",
    )
    booking = add_booking(vhub.engine, adviser_id="adv-a", start=now_utc())
    answer = vhub.client().get(
        f"/call/{booking['room']}",
        params={"t": token_for(vhub.settings, booking["room"], "adviser")},
    )
    assert answer.status_code == 303
    url = answer.headers["location"]
    match = re.fullmatch(
        r"https://meet\.example\.cn/(legal[0-9a-f]{32})\?jwt=([\w-]+)\.([\w-]+)\.([\w-]+)", url
    )
    assert match
    name, header, claims, sig = match.groups()
    expected = hmac.new(b"s3cret", f"{header}.{claims}".encode(), hashlib.sha256).digest()
    assert base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)) == expected
    body = _b64json(claims)
    assert _b64json(header) == {"alg": "HS256", "typ": "JWT"}
    assert (body["room"], body["iss"], body["sub"], body["aud"]) == (
        name,
        "legalhub",
        "meet.example.cn",
        "jitsi",
    )
    assert body["context"]["user"] == {"name": "王律师（示例）", "moderator": True}
    assert body["exp"] == int((booking["start"] + timedelta(minutes=45)).timestamp())
    refused = vhub.client().get(f"/call/{booking['room']}", params={"t": "resident.1.x"})
    assert refused.status_code == 403


def test_video_settings_validate_with_clear_names():
    from hub.core.config import SettingsError

    assert VideoSettings.from_env(
        {"HUB_VIDEO_STUN_URLS": "stun:a.example.cn:3478, stun:b.example.cn"}
    ).stun_urls == ("stun:a.example.cn:3478", "stun:b.example.cn")
    for env, name in (
        ({"HUB_VIDEO_PROVIDER": "zoom"}, "HUB_VIDEO_PROVIDER"),
        ({"HUB_VIDEO_PROVIDER": "jitsi"}, "HUB_VIDEO_JITSI_URL"),
        ({"HUB_VIDEO_TOKEN_MINUTES": "x"}, "HUB_VIDEO_TOKEN_MINUTES"),
        ({"HUB_VIDEO_TURN_URLS": "http://x"}, "HUB_VIDEO_TURN_URLS"),
    ):
        with pytest.raises(SettingsError, match=name):
            VideoSettings.from_env(env)


def test_coturn_time_limited_credentials():
    from hub.video.links import ice_servers

    video = VideoSettings(
        stun_urls=("stun:turn.example.cn:3478",),
        turn_urls=("turn:turn.example.cn:3478",),
        turn_secret="north",
    )
    stun, turn = ice_servers(video, now=now_utc(), user="resident")
    assert stun == {"urls": ["stun:turn.example.cn:3478"]}
    expected = base64.b64encode(
        hmac.new(b"north", turn["username"].encode(), hashlib.sha1).digest()
    ).decode()
    assert turn["credential"] == expected and turn["username"].endswith(":resident")
