"""The terminal API against a real hub process on loopback (SQLite file, and real PostgreSQL)."""

from __future__ import annotations

import base64
import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tests.support.hub_process import hub_on_database

pytestmark = pytest.mark.slow
RACERS = 50


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def hub(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"real-{request.param}")
    with hub_on_database(request.param, folder) as (running, _url):
        yield running


def enrolled(hub, name: str | None = None) -> tuple[httpx.Client, dict]:
    name = name or f"real-{uuid.uuid4().hex[:8]}"
    answer = httpx.post(
        hub.base_url + "/api/v1/enroll", json={"code": hub.new_code(name)}, timeout=10
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    client = httpx.Client(
        base_url=hub.base_url + "/api/v1",
        timeout=30,
        headers={"Authorization": f"Bearer {body['token']}"},
    )
    return client, body


def first_free_slot(api: httpx.Client, content: dict) -> tuple[str, str]:
    for adviser in content["changes"]["advisers"]["upsert"]:
        slots = api.get(f"/advisers/{adviser['id']}/slots", params={"days": 28}).json()["slots"]
        free = [s for s in slots if s["free"]]
        if free:
            return adviser["id"], free[-1][
                "start"
            ]  # the last one: far from "now", never in the past
    raise AssertionError("no adviser has a free slot in 28 days")


def test_demo_codes_and_signed_content(hub):
    assert hub.codes and set(hub.passwords) == {"admin", "editor", "adviser", "viewer"}
    code = hub.codes[hub.terminals[0]]
    answer = httpx.post(hub.base_url + "/api/v1/enroll", json={"code": code}, timeout=10)
    assert answer.status_code == 200
    body = answer.json()
    assert (
        body["public_key"]
        == (hub.data_dir / "keys" / "hub_signing_ed25519.pub").read_text().strip()
    )
    headers = {"Authorization": f"Bearer {body['token']}"}
    content = httpx.get(
        hub.base_url + "/api/v1/content", params={"since": 0}, headers=headers, timeout=30
    )
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(body["public_key"]))
    key.verify(base64.b64decode(content.headers["X-Signature"]), content.content)
    version = json.loads(content.content)["version"]
    again = httpx.get(
        hub.base_url + "/api/v1/content",
        params={"since": 0},
        headers={**headers, "If-None-Match": content.headers["ETag"]},
        timeout=10,
    )
    assert again.status_code == 304
    assert (
        httpx.get(
            hub.base_url + "/api/v1/content", params={"since": version}, headers=headers
        ).status_code
        == 304
    )
    second = httpx.post(hub.base_url + "/api/v1/enroll", json={"code": code}, timeout=10)
    assert second.json() == {"detail": "enrollment code is unknown, used or expired"}


def test_booking_flow_events_and_heartbeat(hub):
    api, _ = enrolled(hub)
    content = json.loads(api.get("/content", params={"since": 0}).content)
    adviser_id, start = first_free_slot(api, content)
    body = {
        "adviser_id": adviser_id,
        "start": start,
        "name": "测试居民",
        "phone": "13900005678",
        "idempotency_key": uuid.uuid4().hex,
    }
    booked = api.post("/bookings", json=body)
    assert booked.status_code == 201
    code = booked.json()["code"]
    assert booked.json()["join_url"] == f"{hub.base_url}/p/bookings/{code}"
    page = httpx.get(booked.json()["join_url"], timeout=10)
    assert page.status_code == 200 and code in page.text and "测试居民" not in page.text
    assert api.post(f"/bookings/{code}/cancel", json={"phone_last4": "0000"}).status_code == 404
    assert api.post(f"/bookings/{code}/cancel", json={"phone_last4": "5678"}).json() == {
        "code": code,
        "status": "cancelled",
    }
    event = {
        "id": str(uuid.uuid4()),
        "type": "session.start",
        "at": "2026-11-20T09:00:00+08:00",
        "props": {},
    }
    assert api.post("/events", json={"events": [event]}).json() == {
        "accepted": [event["id"]],
        "duplicates": [],
    }
    assert api.post("/events", json={"events": [event]}).json() == {
        "accepted": [],
        "duplicates": [event["id"]],
    }
    beat = api.post(
        "/heartbeat", json={"version": "0.1.0", "content_version": content["version"], "queue": 0}
    )
    assert beat.status_code == 200 and beat.json()["server_time"].endswith("+08:00")


def test_fifty_simultaneous_bookings_of_one_slot_make_exactly_one(hub):
    api, _ = enrolled(hub)
    content = json.loads(api.get("/content", params={"since": 0}).content)
    adviser_id, start = first_free_slot(api, content)
    barrier = threading.Barrier(RACERS)

    def race(number: int) -> tuple[int, dict]:
        body = {
            "adviser_id": adviser_id,
            "start": start,
            "name": f"居民{number}",
            "phone": "13900001111",
            "idempotency_key": f"race-{number}-{uuid.uuid4().hex[:12]}",
        }
        with httpx.Client(base_url=str(api.base_url), headers=api.headers, timeout=60) as own:
            barrier.wait()
            answer = own.post("/bookings", json=body)
        return answer.status_code, answer.json()

    with ThreadPoolExecutor(RACERS) as pool:
        results = list(pool.map(race, range(RACERS)))
    statuses = sorted(status for status, _ in results)
    assert statuses == [201] + [409] * (RACERS - 1)
    assert {json.dumps(body) for status, body in results if status == 409} == {
        json.dumps({"detail": "this slot is already booked"})
    }
    slots = api.get(f"/advisers/{adviser_id}/slots", params={"days": 28}).json()["slots"]
    assert [s["free"] for s in slots if s["start"] == start] == [False]
