"""POST /callbacks: callback requests from terminals' outboxes, stored once per request id."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from hub.core.db import reading, writing
from hub.crud.callbacks import mark_done, open_callbacks, purge_callbacks
from hub.models.tables import callback_requests

AT = "2027-01-15T08:00:00+00:00"


def body(**changes):
    return {
        "id": str(uuid.uuid4()),
        "name": "王示例",
        "phone": "139 0000 0101",
        "adviser_id": "adv-a",
        "at": AT,
        **changes,
    }


def test_stored_once_however_often_delivered(client, terminal, hub_env):
    request = body(topic="工资被拖欠")
    first = client.post("/api/v1/callbacks", json=request, headers=terminal["headers"])
    again = client.post("/api/v1/callbacks", json=request, headers=terminal["headers"])
    assert (first.status_code, first.json()) == (201, {"id": request["id"], "duplicate": False})
    assert (again.status_code, again.json()) == (200, {"id": request["id"], "duplicate": True})
    with reading(hub_env.engine) as conn:
        rows = conn.execute(select(callback_requests)).mappings().all()
    assert [
        (r["resident_name"], r["resident_phone"], r["topic"], r["status"], r["terminal_id"])
        for r in rows
    ] == [("王示例", "13900000101", "工资被拖欠", "open", terminal["terminal_id"])]


def test_two_terminals_may_use_the_same_id(client, terminal, other_terminal):
    request = body()
    for who in (terminal, other_terminal):
        assert (
            client.post("/api/v1/callbacks", json=request, headers=who["headers"]).status_code
            == 201
        )


def test_bad_input_and_no_token_are_refused(client, terminal):
    assert client.post("/api/v1/callbacks", json=body()).status_code == 401
    for bad in (
        body(phone="abc"),
        body(name=""),
        body(adviser_id="nobody"),
        body(extra=1),
        body(at="2027-01-15T08:00:00"),
    ):
        answer = client.post("/api/v1/callbacks", json=bad, headers=terminal["headers"])
        assert answer.status_code == 422, bad
        assert answer.json()["detail"]


def test_handled_requests_are_purged_after_retention(client, terminal, hub_env):
    client.post("/api/v1/callbacks", json=body(), headers=terminal["headers"])
    now = datetime(2027, 1, 15, tzinfo=UTC)
    with writing(hub_env.engine) as conn:
        [row] = open_callbacks(conn)
        assert mark_done(conn, callback_id=row["id"], now=now)
        assert purge_callbacks(conn, retention_days=30, now=now + timedelta(days=29)) == 0
        assert purge_callbacks(conn, retention_days=30, now=now + timedelta(days=31)) == 1
        stored = conn.execute(select(callback_requests)).mappings().one()
    assert (stored["resident_name"], stored["resident_phone"], stored["status"]) == (
        None,
        None,
        "done",
    )
