"""A bounded boundary-value table over the terminal API: 0 server errors allowed, on SQLite and
PostgreSQL. Bodies are encoded by the standard library, so lone surrogates, NaN and integers far
beyond 64 bits reach the hub exactly as an attacker would send them."""

from __future__ import annotations

import json
import uuid

import pytest
import time_machine

from tests.support.hub_bookings import FROZEN, booking

BIG = [2**31, 2**63, 2**64, -(2**63) - 1, int("9" * 400)]
TIMES = [
    "0001-01-01T00:00:00+23:59",
    "0001-01-01T00:00:00-23:59",
    "9999-12-31T23:59:59-23:59",
    "9999-12-31T23:59:59+23:59",
    "1970-01-01T00:00:00+00:00",
    "2026-02-30T10:00:00+08:00",
]
TEXTS = ["\ud800", "\udfffx", "a\x00b", "示例\u200b", "\u202e示例", "x" * 10_000, "", " "]
NUMBERS = [float("nan"), float("inf"), -0.0, 1e308, True, None, "12"]


def _event(**changes) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "type": "search",
        "at": "2026-11-20T09:00:00+08:00",
        "props": {},
        **changes,
    }


def _callback(**changes) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "name": "王示例",
        "phone": "139 0000 0101",
        "at": "2026-11-20T08:00:00+00:00",
        **changes,
    }


def _heartbeat(**changes) -> dict:
    return {"version": "0.1.0", "content_version": 0, "queue": 0, **changes}


def cases() -> list[tuple[str, str, object]]:
    """(method, path, body): every value of each boundary list in each field it can reach."""
    table: list[tuple[str, str, object]] = []
    for value in BIG + NUMBERS:
        table += [
            ("POST", "/api/v1/heartbeat", _heartbeat(content_version=value)),
            ("POST", "/api/v1/heartbeat", _heartbeat(queue=value)),
            ("POST", "/api/v1/heartbeat", _heartbeat(doctor={"ok": value, "checks": []})),
            ("POST", "/api/v1/events", {"events": [_event(props={"results": value})]}),
            (
                "POST",
                "/api/v1/events",
                {"events": [_event(type="session.start", props={"count": value})]},
            ),
            ("POST", "/api/v1/bookings", booking(adviser_id=value)),
        ]
        table.append(("GET", f"/api/v1/content?since={value}", None))
        table.append(("GET", f"/api/v1/advisers/adv-a/slots?days={value}", None))
    for value in TIMES:
        table += [
            ("POST", "/api/v1/events", {"events": [_event(at=value)]}),
            ("POST", "/api/v1/callbacks", _callback(at=value)),
            ("POST", "/api/v1/bookings", booking(start=value)),
        ]
    for value in TEXTS:
        table += [
            ("POST", "/api/v1/bookings", booking(name=value)),
            ("POST", "/api/v1/bookings", booking(topic=value)),
            ("POST", "/api/v1/bookings", booking(phone=value)),
            ("POST", "/api/v1/callbacks", _callback(name=value)),
            ("POST", "/api/v1/callbacks", _callback(topic=value)),
            ("POST", "/api/v1/heartbeat", _heartbeat(version=value)),
            ("POST", "/api/v1/heartbeat", _heartbeat(doctor={"checks": [{"detail": value}]})),
            ("POST", "/api/v1/events", {"events": [_event(props={"query": value})]}),
            ("POST", "/api/v1/events", {"events": [_event(props={value: 1})]}),
            ("POST", "/api/v1/enroll", {"code": "ABCDEFGHJK", "name": value}),
            ("POST", "/api/v1/bookings/ABCDEFGHJK/cancel", {"phone_last4": value}),
        ]
    for digits in ("１２３４", "١٢٣٤", "²³⁴⁵", "12345"):
        table.append(("POST", "/api/v1/bookings/ABCDEFGHJK/cancel", {"phone_last4": digits}))
    return table


def _send(client, terminal, method: str, path: str, body: object):
    content = None if body is None else json.dumps(body).encode("ascii")
    headers = {**terminal["headers"], "Content-Type": "application/json"}
    return client.request(method, path, headers=headers, content=content)


def test_boundary_values_never_give_a_server_error(hub_env, demo):
    from fastapi.testclient import TestClient

    from hub.main import create_app
    from tests.support.hub_terminals import enroll

    settings = hub_env.settings.model_copy(update={"rate_limit_burst": 100_000})
    table = cases()
    assert 150 < len(table) < 1_000  # bounded: a few seconds per database
    failures = []
    app = create_app(settings, engine=hub_env.engine)
    with time_machine.travel(FROZEN, tick=False), TestClient(app) as client:
        token = enroll(client, next(iter(demo.codes.values())))["token"]
        terminal = {"headers": {"Authorization": f"Bearer {token}"}}
        for method, path, body in table:
            answer = _send(client, terminal, method, path, body)
            if answer.status_code >= 500:
                failures.append((method, path, repr(body)[:120], answer.status_code))
            elif answer.status_code >= 400:
                assert isinstance(answer.json()["detail"], str), (path, body)
    assert failures == []


@pytest.mark.parametrize(
    ("changes", "detail"),
    [
        (
            {"content_version": 2**31},
            "content_version: Input should be less than or equal to 2147483647",
        ),
        ({"queue": 2**63}, "queue: Input should be less than or equal to 2147483647"),
        ({"doctor": {"ok": float("nan")}}, "doctor: ok: numbers must be finite"),
        (
            {"version": "\ud800"},
            "version: Value error, must not contain invisible or direction-changing characters",
        ),
    ],
)
def test_heartbeat_bounds(client, terminal, changes, detail):
    answer = _send(client, terminal, "POST", "/api/v1/heartbeat", _heartbeat(**changes))
    assert (answer.status_code, answer.json()["detail"]) == (422, detail)
