"""The sync loop and remote commands: commands of an answer run in the same round, their results
ride the next heartbeat (due at once), are dropped once confirmed, and a refused heartbeat does
not drag them along for ever. A scripted hub gives the answers (including a refusal) on demand;
the real hub is in tests/e2e/test_terminal_commands_e2e.py."""

from __future__ import annotations

import requests

from kiosk.hublink.client import HubClient
from kiosk.hublink.loop import SyncLoop
from kiosk.hublink.sync import Syncer
from kiosk.outbox import Outbox
from kiosk.outbox.delivery import OutboxDelivery
from kiosk.remote import CommandLedger, CommandRunner, Outcome
from tests.support.fake_http import FakeHttp, Reply
from tests.support.signed_content import PUBLIC, StoreDouble, content, signed_reply

COMMAND = {"id": "c-00000000000000aa", "command": "doctor"}


class Hub:
    """Answers the first heartbeat with a command, then with none; ``refuse`` answers 422."""

    def __init__(self) -> None:
        self.beats: list[dict] = []
        self.refuse = False

    def __call__(self, method, path, query, body, headers):
        if path == "/api/v1/content":
            return signed_reply(content(2))
        if path == "/api/v1/heartbeat":
            self.beats.append(body)
            if self.refuse:
                return Reply(422, {"detail": "done.0.result: not accepted"})
            commands = [COMMAND] if len(self.beats) == 1 else []
            return Reply(200, {"server_time": "2027-01-15T16:00:00+08:00", "commands": commands})
        return Reply(200, {"accepted": [], "duplicates": []})


def make_loop(tmp_path, url, runs):
    outbox = Outbox.open(tmp_path)
    client = HubClient(url, session=requests.Session(), token="t", timeout_s=2)
    syncer = Syncer(
        store=StoreDouble(), client=client, public_key=PUBLIC, data_dir=tmp_path, outbox=outbox
    )
    runner = CommandRunner(
        CommandLedger.open(tmp_path),
        {"doctor": lambda command_id: runs.append(command_id) or Outcome(True, {"ok": True})},
    )
    delivery = OutboxDelivery(
        outbox,
        client,
        on_heartbeat_delivered=lambda beat, answer: (runner.confirm(beat), runner.receive(answer)),
        on_heartbeat_refused=runner.refused,
    )
    loop = SyncLoop(
        syncer=syncer,
        delivery=delivery,
        outbox=outbox,
        commands=runner,
        heartbeat_interval_s=3600,
    )
    return loop, runner


def test_a_result_rides_the_next_heartbeat_which_is_due_at_once(tmp_path):
    runs: list[str] = []
    hub = Hub()
    with FakeHttp(hub) as server:
        loop, runner = make_loop(tmp_path, server.url, runs)
        first = loop.run_once(force_sync=False)
        assert first["commands"] == [{"id": COMMAND["id"], "command": "doctor", "ok": True}]
        second = loop.run_once(force_sync=False)  # the heartbeat was an hour away: now at once
        assert second["commands"] == []
        loop.run_once(force_sync=False)
    assert runs == [COMMAND["id"]]
    assert [b.get("done") for b in hub.beats] == [
        None,
        [{"id": COMMAND["id"], "ok": True, "result": {"ok": True}}],
    ]
    assert runner.done_entries() == []


def test_a_refused_heartbeat_drops_the_results_it_carried(tmp_path):
    runs: list[str] = []
    hub = Hub()
    with FakeHttp(hub) as server:
        loop, runner = make_loop(tmp_path, server.url, runs)
        loop.run_once(force_sync=False)
        hub.refuse = True
        loop.run_once(force_sync=False)  # refused with the result: set aside
        assert runner.done_entries() == []
        hub.refuse = False
        loop.run_once(force_sync=True)
    assert [("done" in b) for b in hub.beats] == [False, True, False]
    assert runs == [COMMAND["id"]]
