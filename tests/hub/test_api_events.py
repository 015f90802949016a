"""POST /events (dedup by terminal + id) and POST /heartbeat."""

import uuid

import pytest
from sqlalchemy import select

from hub.core.db import reading, writing
from hub.crud.advisers import set_adviser_active
from hub.crud.terminals import update_terminal
from hub.models.tables import events, terminals


def event(**changes):
    body = {
        "id": str(uuid.uuid4()),
        "type": "article.view",
        "at": "2026-11-20T09:00:00+08:00",
        "props": {"article_id": "art-divorce"},
    }
    body.update(changes)
    return body


def test_new_and_duplicate_ids(client, terminal, hub_env):
    first, second = event(), event(type="search", props={"query": "离婚", "results": 3})
    answer = client.post(
        "/api/v1/events", headers=terminal["headers"], json={"events": [first, second]}
    )
    assert answer.json() == {"accepted": [first["id"], second["id"]], "duplicates": []}
    third = event()
    again = client.post(
        "/api/v1/events", headers=terminal["headers"], json={"events": [second, third, third]}
    )
    assert again.json() == {"accepted": [third["id"]], "duplicates": [second["id"], third["id"]]}
    with reading(hub_env.engine) as conn:
        assert conn.execute(select(events.c.type).order_by(events.c.id)).scalars().all() == [
            "article.view",
            "search",
            "article.view",
        ]


def test_the_same_id_from_another_terminal_is_its_own_event(client, terminal, other_terminal):
    shared = event()
    for who in (terminal, other_terminal):
        answer = client.post("/api/v1/events", headers=who["headers"], json={"events": [shared]})
        assert answer.json() == {"accepted": [shared["id"]], "duplicates": []}


def heartbeat_adviser(client, terminal) -> str | None:
    body = {"version": "0.1.0", "content_version": 0, "queue": 0}
    answer = client.post("/api/v1/heartbeat", headers=terminal["headers"], json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()["adviser_id"]


def test_heartbeat_answers_the_assigned_adviser(client, terminal, other_terminal, hub_env):
    # The demo seed assigns adv-a to the first terminal and adv-b to the second.
    assert heartbeat_adviser(client, terminal) == "adv-a"
    assert heartbeat_adviser(client, other_terminal) == "adv-b"
    with writing(hub_env.engine) as conn:
        update_terminal(conn, terminal_id=terminal["terminal_id"], fields={"adviser_id": "adv-b"})
    assert heartbeat_adviser(client, terminal) == "adv-b"
    with writing(hub_env.engine) as conn:
        set_adviser_active(conn, adviser_id="adv-b", active=False)
    assert heartbeat_adviser(client, terminal) is None  # a retired adviser is no one's first
    with writing(hub_env.engine) as conn:
        update_terminal(conn, terminal_id=terminal["terminal_id"], fields={"adviser_id": None})
        set_adviser_active(conn, adviser_id="adv-b", active=True)
    assert heartbeat_adviser(client, terminal) is None


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"events": []}, "events: List should have at least 1 item after validation, not 0"),
        (
            {"events": [event(id="not-a-uuid")]},
            "events.0.id: Input should be a valid UUID, invalid character: found `n` at 0",
        ),
        (
            {"events": [event(type="Bad Type")]},
            "events.0.type: String should match pattern '^[a-z][a-z0-9_.]{0,39}$'",
        ),
        (
            {"events": [event(at="yesterday")]},
            "events.0.at: Input should be a valid datetime or date, input is too short",
        ),
        (
            {"events": [event(props={"phone": "13800000000"})]},
            "events.0.props: Value error, phone: may hold personal data (names, phone or ID numbers)",
        ),
        ({"events": [event(extra=1)]}, "events.0.extra: Extra inputs are not permitted"),
        ({"events": [event() for _ in range(501)]}, "events: at most 500 per batch"),
    ],
)
def test_bad_batches_answer_422(client, terminal, body, detail):
    answer = client.post("/api/v1/events", headers=terminal["headers"], json=body)
    assert (answer.status_code, answer.json()["detail"]) == (422, detail)


def test_heartbeat_updates_the_terminal(client, terminal, hub_env):
    doctor = {"ok": True, "checks": [{"name": "printer", "ok": True, "detail": "ready"}]}
    answer = client.post(
        "/api/v1/heartbeat",
        headers=terminal["headers"],
        json={"version": "0.1.0", "content_version": 1, "queue": 3, "doctor": doctor},
    )
    assert answer.status_code == 200
    assert answer.json()["server_time"].endswith("+08:00")
    with reading(hub_env.engine) as conn:
        row = (
            conn.execute(select(terminals).where(terminals.c.id == terminal["terminal_id"]))
            .mappings()
            .one()
        )
    assert (row["app_version"], row["content_version"], row["queue"], row["doctor"]) == (
        "0.1.0",
        1,
        3,
        doctor,
    )
    assert row["last_seen_at"] is not None


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (
            {"version": "1", "content_version": -1, "queue": 0},
            "content_version: Input should be greater than or equal to 0",
        ),
        ({"version": "1", "content_version": 0}, "queue: Field required"),
        (
            {"version": "1", "content_version": 0, "queue": 0, "doctor": {"x": "y" * 20_001}},
            "doctor: larger than 20000 bytes",
        ),
    ],
)
def test_bad_heartbeats(client, terminal, body, detail):
    answer = client.post("/api/v1/heartbeat", headers=terminal["headers"], json=body)
    assert (answer.status_code, answer.json()["detail"]) == (422, detail)
