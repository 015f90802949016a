"""Remote commands on the terminal: each id runs once across repeated answers and restarts,
results wait for a confirmed heartbeat, and failures are reported, never fatal."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest
from PIL import Image

from contract.terminal_commands import MAX_DONE, MAX_RESULT_BYTES
from kiosk.errors import HubUnavailable
from kiosk.remote import CommandLedger, CommandRunner, Outcome
from kiosk.remote.actions import (
    NO_APP,
    fit_png,
    no_app_handler,
    restart_handler,
    screenshot_handler,
)
from kiosk.remote.ledger import FINISHED, LEDGER_FILE, REPORTED, RUNNING

A, B = "c-00000000000000aa", "c-00000000000000bb"


class Counting:
    """A handler that counts its runs."""

    def __init__(self, outcome: Outcome | None = None) -> None:
        self.runs: list[str] = []
        self.outcome = outcome or Outcome(True, {"status": "unchanged"})

    def __call__(self, command_id: str) -> Outcome:
        self.runs.append(command_id)
        return self.outcome


def answer(*items: tuple[str, str]) -> dict:
    return {"server_time": "x", "commands": [{"id": i, "command": c} for i, c in items]}


@pytest.fixture
def ledger(tmp_path):
    opened = CommandLedger.open(tmp_path)
    yield opened
    opened.close()


def test_a_command_runs_once_however_often_it_is_handed_out(ledger):
    sync = Counting()
    runner = CommandRunner(ledger, {"sync": sync})
    assert runner.receive(answer((A, "sync"))) == [A]
    assert runner.run_waiting() == [{"id": A, "command": "sync", "ok": True}]
    for _ in range(3):  # the hub hands it out again until it has the result
        assert runner.receive(answer((A, "sync"))) == []
        assert runner.run_waiting() == []
    assert sync.runs == [A]
    assert runner.done_entries() == [{"id": A, "ok": True, "result": {"status": "unchanged"}}]


def test_results_wait_for_a_confirmed_heartbeat_then_the_id_is_kept(ledger):
    runner = CommandRunner(ledger, {"sync": Counting()})
    runner.receive(answer((A, "sync"), (B, "sync")))
    runner.run_waiting()
    heartbeat = {"version": "1", "done": runner.done_entries()[:1]}
    assert runner.done_entries()[0]["id"] == A
    runner.confirm(heartbeat)
    assert [e["id"] for e in runner.done_entries()] == [B]
    assert ledger.state_of(A) == REPORTED and ledger.state_of(B) == FINISHED
    assert runner.receive(answer((A, "sync"))) == []  # a late copy of an old answer
    assert runner.run_waiting() == []


def test_state_survives_a_restart_and_a_cut_short_run_is_reported_not_rerun(tmp_path):
    sync = Counting()
    first = CommandLedger.open(tmp_path)
    runner = CommandRunner(first, {"sync": sync, "doctor": sync})
    runner.receive(answer((A, "sync"), (B, "doctor")))
    assert first.claim(B)  # B was running when the power went
    runner.run_waiting()  # A runs, B is not started twice
    first.close()
    again = CommandLedger.open(tmp_path)
    runner = CommandRunner(again, {"sync": sync, "doctor": sync})
    runner.receive(answer((A, "sync"), (B, "doctor")))
    assert runner.run_waiting() == []
    assert sync.runs == [A]
    assert runner.done_entries() == [
        {"id": A, "ok": True, "result": {"status": "unchanged"}},
        {
            "id": B,
            "ok": False,
            "result": {
                "error": "interrupted",
                "reason": "the terminal stopped while the command ran",
            },
        },
    ]
    again.close()
    with sqlite3.connect(tmp_path / LEDGER_FILE) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute(
            "SELECT count(*) FROM commands WHERE state = ?", (RUNNING,)
        ).fetchone() == (0,)


def test_unknown_crashing_and_oversized_commands_fail_with_a_reason(ledger):
    def crash(_command_id):
        raise RuntimeError("printer on fire")

    def huge(_command_id):
        return Outcome(True, {"text": "x" * MAX_RESULT_BYTES})

    runner = CommandRunner(ledger, {"doctor": crash, "sync": huge})
    runner.receive(answer((A, "doctor"), (B, "sync"), ("c-00000000000000cc", "reboot")))
    assert [r["ok"] for r in runner.run_waiting()] == [False, False, False]
    results = {e["id"]: e["result"] for e in runner.done_entries()}
    assert results == {
        A: {"error": "crashed", "reason": "RuntimeError: printer on fire"},
        B: {"error": "bad_result", "reason": f"larger than {MAX_RESULT_BYTES} bytes"},
        "c-00000000000000cc": {
            "error": "unknown_command",
            "reason": "this terminal cannot run 'reboot'",
        },
    }


@pytest.mark.parametrize(
    "bad",
    [
        {"commands": "sync"},
        {"commands": [{"id": "../etc", "command": "sync"}]},
        {"commands": [{"id": A}]},
        {"commands": [["c-00000000000000aa", "sync"]]},
        [],
    ],
)
def test_malformed_answers_run_nothing(ledger, bad):
    sync = Counting()
    runner = CommandRunner(ledger, {"sync": sync})
    assert runner.receive(bad) == []
    assert runner.run_waiting() == [] and sync.runs == []


def test_at_most_max_done_results_per_heartbeat(ledger):
    runner = CommandRunner(ledger, {"sync": Counting()})
    runner.receive(answer(*[(f"c-{i:016x}", "sync") for i in range(MAX_DONE + 5)]))
    runner.run_waiting()
    assert len(runner.done_entries()) == MAX_DONE


def test_restart_is_recorded_before_the_app_is_asked_to_stop(ledger):
    seen = []
    runner = CommandRunner(
        ledger, {"restart": restart_handler(lambda: seen.append(ledger.state_of(A)))}
    )
    runner.receive(answer((A, "restart")))
    runner.run_waiting()
    assert seen == [FINISHED]
    assert runner.done_entries() == [{"id": A, "ok": True, "result": {"restarting": True}}]


def test_without_an_app_screenshot_and_restart_fail_clearly(ledger):
    runner = CommandRunner(ledger, {"screenshot": no_app_handler, "restart": no_app_handler})
    runner.receive(answer((A, "screenshot"), (B, "restart")))
    runner.run_waiting()
    assert [e["result"] for e in runner.done_entries()] == [NO_APP, NO_APP]


def png_of(width: int, height: int, *, noisy: bool = False) -> bytes:
    image = (
        Image.effect_noise((width, height), 80)
        if noisy
        else Image.new("RGB", (width, height), "white")
    )
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG")
    return out.getvalue()


def test_a_large_screenshot_is_halved_until_it_fits():
    big = png_of(800, 600, noisy=True)
    small, width, height = fit_png(big, max_bytes=len(big) // 3)
    assert len(small) <= len(big) // 3 and (width, height) in ((400, 300), (200, 150))
    assert Image.open(io.BytesIO(small)).size == (width, height)
    same, width, height = fit_png(big, max_bytes=len(big))
    assert same == big and (width, height) == (800, 600)


class Uploads:
    def __init__(self, error: Exception | None = None) -> None:
        self.sent: list[tuple[str, bytes]] = []
        self.error = error

    def upload_screenshot(self, command_id: str, png: bytes) -> None:
        if self.error:
            raise self.error
        self.sent.append((command_id, png))


def test_screenshot_uploads_the_grab_and_reports_its_size(ledger):
    png = png_of(320, 200)
    uploads = Uploads()
    runner = CommandRunner(ledger, {"screenshot": screenshot_handler(uploads, lambda: png)})
    runner.receive(answer((A, "screenshot")))
    runner.run_waiting()
    assert uploads.sent == [(A, png)]
    assert runner.done_entries()[0]["result"] == {"bytes": len(png), "width": 320, "height": 200}


def test_screenshot_upload_failure_and_no_image_are_reported(ledger):
    runner = CommandRunner(
        ledger,
        {
            "screenshot": screenshot_handler(
                Uploads(HubUnavailable("PUT /commands: ConnectionError")), lambda: png_of(8, 8)
            ),
            "sync": screenshot_handler(Uploads(), lambda: b""),
        },
    )
    runner.receive(answer((A, "screenshot"), (B, "sync")))
    runner.run_waiting()
    assert [e["result"] for e in runner.done_entries()] == [
        {"error": "upload_failed", "reason": "PUT /commands: ConnectionError"},
        {"error": "no_image", "reason": "the app gave no PNG image"},
    ]
    assert json.dumps(runner.done_entries())  # JSON, as a heartbeat carries it


def test_commands_run_in_the_hubs_order_and_a_restart_ends_the_round(ledger):
    order, restarts = [], []

    def note(command_id):
        order.append(command_id)
        return Outcome(True, {})

    runner = CommandRunner(
        ledger, {"sync": note, "restart": restart_handler(lambda: restarts.append(1))}
    )
    later = "c-0000000000000001"  # sorts before the others: the hub's order wins
    runner.receive(answer((B, "sync"), (A, "restart"), (later, "sync")))
    assert [r["id"] for r in runner.run_waiting()] == [B, A]
    assert order == [B] and restarts == [1]
    assert ledger.state_of(later) == "received"  # runs in the restarted app
    assert [r["id"] for r in runner.run_waiting()] == [later]


def test_no_screenshot_while_a_resident_uses_the_terminal(ledger):
    from kiosk.remote.actions import ScreenBusy

    def busy():
        raise ScreenBusy("a resident is using the terminal: no screenshot was taken")

    uploads = Uploads()
    runner = CommandRunner(ledger, {"screenshot": screenshot_handler(uploads, busy)})
    runner.receive(answer((A, "screenshot")))
    runner.run_waiting()
    assert uploads.sent == []
    assert runner.done_entries()[0]["result"] == {
        "error": "resident_present",
        "reason": "a resident is using the terminal: no screenshot was taken",
    }
