"""Residents' phones in ASCII digits, names without hidden characters, security headers on every
page, strict video join tokens and text-only signalling."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select
from starlette.websockets import WebSocketDisconnect

from contract.resident_text import ascii_phone, hidden_characters
from hub.core.db import reading
from hub.main import create_app
from hub.models.tables import bookings, callback_requests
from hub.video.config import VideoSettings
from hub.video.tokens import TokenRefused, check_token, make_token
from tests.support.admin_app import staff_client
from tests.support.hub_bookings import FROZEN, booking
from tests.support.video_rooms import add_booking, now_utc, token_for


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("138 0000 1234", "13800001234"),
        ("１３８－００００－１２３４", "13800001234"),  # full-width, as a Chinese IME types it
        ("١٣٨٠٠٠٠١٢٣٤", "13800001234"),  # Arabic-Indic digits
        ("(0816) 000-0110", "08160000110"),
        ("¹³⁸00001234", None),  # superscripts are not digits of a phone number
        ("①③⑧00001234", None),
        ("138O0001234", None),  # a letter O
        ("138\u200b00001234", None),
    ],
)
def test_ascii_phone(typed, stored):
    assert ascii_phone(typed) == (stored if stored is None else stored)


@pytest.mark.parametrize(
    "name", ["王\u200b示例", "\u202e例示王", "王\u2066示例\u2069", "王\ufeff示例", "王\u00ad示例"]
)
def test_hidden_characters_in_names(name):
    assert hidden_characters(name)


def test_a_full_width_phone_is_stored_in_ascii_digits(client, terminal, hub_env):
    with time_machine.travel(FROZEN, tick=False):
        answer = client.post(
            "/api/v1/bookings",
            headers=terminal["headers"],
            json=booking(phone="１３８００００１２３４"),
        )
    assert answer.status_code == 201, answer.text
    callback = client.post(
        "/api/v1/callbacks",
        headers=terminal["headers"],
        json={
            "id": str(uuid.uuid4()),
            "name": "王示例",
            "phone": "１３９ ００００ ０１０１",
            "at": "2026-11-20T08:00:00+00:00",
        },
    )
    assert callback.status_code == 201, callback.text
    with reading(hub_env.engine) as conn:
        assert conn.execute(select(bookings.c.resident_phone, bookings.c.phone_last4)).one() == (
            "13800001234",
            "1234",
        )
        assert conn.execute(select(callback_requests.c.resident_phone)).scalar_one() == (
            "13900000101"
        )


@pytest.mark.parametrize(
    ("field", "value", "detail"),
    [
        ("phone", "¹³⁸00001234", "phone: Value error, must be a phone number of 7-20 digits"),
        (
            "name",
            "王\u200b示例",
            "name: Value error, must not contain invisible or direction-changing characters",
        ),
        (
            "name",
            "\u202e例示王",
            "name: Value error, must not contain invisible or direction-changing characters",
        ),
        (
            "topic",
            "工资\u2067",
            "topic: Value error, must not contain invisible or direction-changing characters",
        ),
    ],
)
def test_bookings_and_callbacks_refuse_hidden_characters(client, terminal, field, value, detail):
    with time_machine.travel(FROZEN, tick=False):
        answer = client.post(
            "/api/v1/bookings", headers=terminal["headers"], json=booking(**{field: value})
        )
    assert (answer.status_code, answer.json()["detail"]) == (422, detail)
    body = {"id": str(uuid.uuid4()), "name": "王示例", "phone": "139 0000 0101"}
    callback = client.post(
        "/api/v1/callbacks",
        headers=terminal["headers"],
        json={**body, field: value, "at": "2026-11-20T08:00:00+00:00"},
    )
    assert (callback.status_code, callback.json()["detail"]) == (422, detail)


@pytest.mark.parametrize("hub_env", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "path",
    [
        "/p/articles/art-divorce",
        "/p/articles/nope",
        "/p/institutions/inst-aid",
        "/p/bookings/ABCDEFGHJK",
        "/admin/login",
        "/admin",
        "/admin/institutions/export.csv",
        "/admin/no-such-page",
    ],
)
def test_pages_carry_csp_and_frame_options(hub_env, demo, path):
    client = staff_client(create_app(hub_env.settings, engine=hub_env.engine), demo, "editor")
    answer = client.get(path)
    assert answer.headers["X-Frame-Options"] == "DENY", (path, answer.status_code)
    policy = answer.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "base-uri 'none'" in policy
    if path.startswith("/p/"):
        assert policy.startswith("default-src 'none'")


def test_join_tokens_have_one_strict_format():
    key, now = b"k" * 32, now_utc()
    token = make_token(key, room="roomA", role="resident", expires=now + timedelta(minutes=5))
    role, exp, mac = token.split(".")
    assert check_token(key, token, room="roomA", now=now) == "resident"
    arabic = exp.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for forged in (
        f"{role}.{arabic}.{mac}",  # other digits than ASCII
        f"{role}.{exp}.{'é' * 43}",  # a MAC that is not base64url
        f"{role}.{exp}.{mac}=",
        f"{role}.{exp}.{mac[:-1]}",
        f"{role}.+{exp}.{mac}",
        f" {token}",
        f"{token}\n",
        f"{role}.{'9' * 13}.{mac}",
    ):
        with pytest.raises(TokenRefused) as refused:
            check_token(key, forged, room="roomA", now=now)
        assert refused.value.reason == "invalid"


def test_a_binary_frame_closes_the_signalling_socket_with_a_reason(hub_env):
    app = create_app(hub_env.settings, engine=hub_env.engine)
    app.state.hub.video_settings = VideoSettings()
    room = add_booking(hub_env.engine, adviser_id="adv-a", start=now_utc())["room"]
    url = f"/call/{room}/ws?t={token_for(hub_env.settings, room, 'resident')}"
    with staff_client(app, hub_env.demo, None).websocket_connect(url) as ws:
        assert ws.receive_json()["type"] == "welcome"
        ws.send_bytes(b"\x00\x01binary")
        assert ws.receive_json() == {"type": "refused", "reason": "text frames only"}
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1003


@pytest.mark.parametrize(("typed", "status"), [("²³⁴⁵", 422), ("１２３４", 403), ("12a4", 422)])
def test_cancel_on_the_phone_page_takes_ascii_or_full_width_digits_only(
    client, hub_env, typed, status
):
    booked = add_booking(hub_env.engine, adviser_id="adv-a", start=now_utc() + timedelta(days=1))
    answer = client.post(f"/p/bookings/{booked['code']}/cancel", data={"phone_last4": typed})
    assert answer.status_code == status  # the demo booking has no phone: digits never match
