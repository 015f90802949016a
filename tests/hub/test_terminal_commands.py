"""Remote commands through the real API: handed out in heartbeat answers until reported,
results recorded once, another terminal's ids ignored, expiry, and the screenshot upload."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from contract.terminal_commands import MAX_DONE, MAX_RESULT_BYTES, PNG_MAGIC
from hub.core.db import reading, writing
from hub.crud.terminal_commands import (
    CommandRefused,
    expire_commands,
    new_command,
    recent_commands,
    screenshot_png,
)
from hub.models.tables import terminal_commands
from hub.models.types import utcnow

BEAT = {"version": "1.0", "content_version": 0, "queue": 0}
PNG = PNG_MAGIC + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


def send(hub_env, terminal, command, sent_by="admin"):
    with writing(hub_env.engine) as conn:
        return new_command(
            conn, terminal_id=terminal["terminal_id"], command=command, sent_by=sent_by
        )["id"]


def beat(client, terminal, done=None, status=200):
    body = {**BEAT, **({"done": done} if done is not None else {})}
    answer = client.post("/api/v1/heartbeat", headers=terminal["headers"], json=body)
    assert answer.status_code == status, answer.text
    return answer.json()


def row(hub_env, command_id):
    with reading(hub_env.engine) as conn:
        return (
            conn.execute(select(terminal_commands).where(terminal_commands.c.id == command_id))
            .mappings()
            .one()
        )


def test_a_command_is_handed_out_until_its_result_comes(client, hub_env, terminal):
    assert beat(client, terminal)["commands"] == []
    first = send(hub_env, terminal, "doctor")
    second = send(hub_env, terminal, "sync")
    assert row(hub_env, first)["state"] == "pending"
    answer = beat(client, terminal)
    assert answer["commands"] == [
        {"id": first, "command": "doctor"},
        {"id": second, "command": "sync"},
    ]
    assert set(answer) == {"server_time", "adviser_id", "commands"}
    assert row(hub_env, first)["state"] == "sent"
    sent_at = row(hub_env, first)["sent_at"]
    # The answer may have been lost: the next one hands both out again, sent_at unchanged.
    assert [c["id"] for c in beat(client, terminal)["commands"]] == [first, second]
    assert row(hub_env, first)["sent_at"] == sent_at
    report = {"ok": True, "checks": [{"name": "disk", "ok": True, "detail": "12 GB free"}]}
    answer = beat(client, terminal, done=[{"id": first, "ok": True, "result": report}])
    assert answer["commands"] == [{"id": second, "command": "sync"}]  # reported: not again
    recorded = row(hub_env, first)
    assert (recorded["state"], recorded["ok"], recorded["result"]) == ("done", True, report)
    assert recorded["finished_at"] is not None and recorded["sent_by"] == "admin"
    # A repeated report (the answer to it was lost) changes nothing: the first result stays.
    beat(client, terminal, done=[{"id": first, "ok": False, "result": {"error": "again"}}])
    assert row(hub_env, first)["result"] == report
    beat(client, terminal, done=[{"id": second, "ok": False, "result": {"error": "offline"}}])
    assert row(hub_env, second)["state"] == "failed"
    assert beat(client, terminal)["commands"] == []


def test_another_terminals_command_is_neither_handed_out_nor_taken(
    client, hub_env, terminal, other_terminal
):
    theirs = send(hub_env, other_terminal, "restart")
    assert beat(client, terminal)["commands"] == []
    assert beat(client, other_terminal)["commands"] == [{"id": theirs, "command": "restart"}]
    # Ignored, not refused: a refused heartbeat would stop the terminal's heartbeats.
    beat(client, terminal, done=[{"id": theirs, "ok": True, "result": {"restarting": True}}])
    assert row(hub_env, theirs)["state"] == "sent"
    beat(client, terminal, done=[{"id": "c-0000000000000000", "ok": True, "result": {}}])
    assert row(hub_env, theirs)["result"] is None


def test_a_pending_command_cannot_be_reported_before_it_was_handed_out(client, hub_env, terminal):
    command_id = send(hub_env, terminal, "sync")
    answer = beat(client, terminal, done=[{"id": command_id, "ok": True, "result": {}}])
    assert row(hub_env, command_id)["state"] == "sent"  # handed out now, result not taken
    assert answer["commands"] == [{"id": command_id, "command": "sync"}]


BAD_DONE = [
    ([{"id": "x-1", "ok": True, "result": {}}], "done.0.id: String should match pattern"),
    (
        [{"id": "c-0000000000000000", "ok": "yes", "result": {}}],
        "done.0.ok: Input should be a valid boolean",
    ),
    (
        [{"id": "c-0000000000000000", "ok": 1, "result": {}}],
        "done.0.ok: Input should be a valid boolean",
    ),
    (
        [{"id": "c-0000000000000000", "ok": True, "result": []}],
        "done.0.result: Input should be a valid dictionary",
    ),
    (
        [{"id": "c-0000000000000000", "ok": True, "result": {"t": "x" * MAX_RESULT_BYTES}}],
        f"done.0.result: Value error, larger than {MAX_RESULT_BYTES} bytes",
    ),
    (
        [{"id": "c-0000000000000000", "ok": True, "result": {"n": 10**400}}],
        "done.0.result: Value error",
    ),
    ([{"id": "c-0000000000000000", "ok": True}], "done.0.result: Field required"),
    (
        [{"id": "c-0000000000000000", "ok": True, "result": {}, "extra": 1}],
        "done.0.extra: Extra inputs are not permitted",
    ),
    (
        [{"id": f"c-{i:016x}", "ok": True, "result": {}} for i in range(MAX_DONE + 1)],
        "done: List should have at most",
    ),
]


@pytest.mark.parametrize("hub_env", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("done", "detail"), BAD_DONE)
def test_bad_done_entries_are_refused_with_a_reason(client, terminal, done, detail):
    answer = client.post(
        "/api/v1/heartbeat", headers=terminal["headers"], json={**BEAT, "done": done}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith(detail), answer.json()["detail"]


def test_unknown_commands_are_refused(hub_env, terminal):
    with (
        writing(hub_env.engine) as conn,
        pytest.raises(CommandRefused, match="unknown command 'reboot'"),
    ):
        new_command(conn, terminal_id=terminal["terminal_id"], command="reboot", sent_by="cli")


def test_commands_not_picked_up_in_time_expire(client, hub_env, terminal):
    never = send(hub_env, terminal, "doctor")
    silent = send(hub_env, terminal, "sync")
    beat(client, terminal)  # both handed out
    fresh = send(hub_env, terminal, "screenshot")
    old = utcnow() - timedelta(minutes=hub_env.settings.command_expire_minutes + 1)
    with writing(hub_env.engine) as conn:
        conn.execute(
            update(terminal_commands)
            .where(terminal_commands.c.id == never)
            .values(state="pending", sent_at=None, created_at=old)
        )
        conn.execute(
            update(terminal_commands).where(terminal_commands.c.id == silent).values(sent_at=old)
        )
    assert beat(client, terminal)["commands"] == [{"id": fresh, "command": "screenshot"}]
    assert row(hub_env, never)["state"] == "failed"
    assert row(hub_env, never)["result"] == {
        "error": "expired",
        "reason": "not picked up by the terminal in time",
    }
    assert row(hub_env, silent)["result"]["reason"] == "the terminal sent no result in time"
    # A late result does not overwrite the expiry.
    beat(client, terminal, done=[{"id": silent, "ok": True, "result": {"status": "unchanged"}}])
    assert row(hub_env, silent)["state"] == "failed"
    with writing(hub_env.engine) as conn:
        assert expire_commands(conn, now=utcnow(), after=timedelta(minutes=1)) == 0


def put_png(client, terminal, command_id, body=PNG, content_type="image/png"):
    return client.put(
        f"/api/v1/commands/{command_id}/screenshot",
        headers={**terminal["headers"], "Content-Type": content_type},
        content=body,
    )


def test_screenshot_upload(client, hub_env, terminal, other_terminal):
    command_id = send(hub_env, terminal, "screenshot")
    assert put_png(client, terminal, command_id).status_code == 409  # not handed out yet
    beat(client, terminal)
    assert put_png(client, other_terminal, command_id).json() == {
        "detail": "no such command for this terminal"
    }
    answer = put_png(client, terminal, command_id, body=b"GIF89a" + b"\x00" * 20)
    assert (answer.status_code, answer.json()["detail"]) == (422, "the body is not a PNG image")
    answer = put_png(client, terminal, command_id, content_type="application/json")
    assert answer.status_code == 415
    assert put_png(client, terminal, command_id).status_code == 204
    assert put_png(client, terminal, command_id, body=PNG + b"2").status_code == 204  # a retry
    with reading(hub_env.engine) as conn:
        assert (
            screenshot_png(conn, terminal_id=terminal["terminal_id"], command_id=command_id)
            == PNG + b"2"
        )
        assert (
            screenshot_png(conn, terminal_id=other_terminal["terminal_id"], command_id=command_id)
            is None
        )
        assert recent_commands(conn, terminal_id=terminal["terminal_id"])[0]["screenshot"] is True
    beat(client, terminal, done=[{"id": command_id, "ok": True, "result": {"bytes": 81}}])
    assert put_png(client, terminal, command_id).status_code == 409  # finished: no more uploads
    doctor = send(hub_env, terminal, "doctor")
    beat(client, terminal)
    assert put_png(client, terminal, doctor).status_code == 409  # not a screenshot command


@pytest.mark.parametrize("hub_env", ["sqlite"], indirect=True)
def test_screenshot_upload_limits(client, hub_env, terminal):
    command_id = send(hub_env, terminal, "screenshot")
    beat(client, terminal)
    big = PNG + b"\x00" * 3_000_000
    answer = put_png(client, terminal, command_id, body=big)
    assert answer.status_code == 413
    assert put_png(client, terminal, "c-nothex").status_code == 422
    no_token = client.put(
        f"/api/v1/commands/{command_id}/screenshot",
        headers={"Content-Type": "image/png"},
        content=PNG,
    )
    assert no_token.status_code == 401
