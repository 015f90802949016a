"""Remote commands end to end: staff send them with ``legal-hub terminal-command``, a real hub
process hands them out in heartbeat answers, the real ``legal-kiosk sync`` runs each once and
the next one brings the results back.

- the first answer carrying the commands is lost on the way (a proxy answers 502 instead): the
  hub has handed them out, the terminal ran nothing; the next heartbeat gets them again;
- that ``legal-kiosk sync`` runs each once and ends before reporting (a restart between receipt
  and report); the next process reports the results and runs nothing again;
- repeating the heartbeat runs nothing and changes nothing.
"""

from __future__ import annotations

import json

import pytest

from contract.terminal_commands import COMMANDS
from tests.support.e2e_steps import enroll, sync
from tests.support.fake_http import Reply
from tests.support.hub_process import hub_process
from tests.support.tamper_proxy import TamperProxy

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    with hub_process(tmp_path_factory.mktemp("hub-commands")) as running:
        yield running


def send(hub, terminal: str, command: str) -> str:
    sent = json.loads(hub.cli("terminal-command", terminal, command, "--json").stdout)
    assert sent["state"] == "pending" and sent["command"] == command
    return sent["id"]


def listed(hub, terminal: str) -> dict[str, dict]:
    shown = json.loads(hub.cli("terminal-command", "--list", terminal, "--json").stdout)
    return {item["id"]: item for item in shown["commands"]}


def lose_heartbeat_answers(path: str, reply: Reply) -> Reply:
    if path.endswith("/heartbeat"):
        return Reply(502, b'{"detail": "bad gateway"}', {"Content-Type": "application/json"})
    return reply


def test_a_command_runs_once_and_its_result_comes_back(hub, tmp_path):
    data = tmp_path / "kiosk"
    terminal = hub.terminals[0]
    enroll(hub, data, terminal)
    assert sync(data)["commands"] == []
    ids = {send(hub, terminal, command): command for command in COMMANDS}

    with TamperProxy(hub.base_url, lose_heartbeat_answers) as proxy:
        lost = sync(data, proxy.url)
    assert lost["commands"] == []
    assert [path for path, reply in proxy.seen if path.endswith("/heartbeat")] == [
        "/api/v1/heartbeat"
    ]
    assert {i: c["state"] for i, c in listed(hub, terminal).items()} == dict.fromkeys(ids, "sent")

    ran = sync(data)
    assert {c["id"]: c["command"] for c in ran["commands"]} == ids
    assert {i: c["state"] for i, c in listed(hub, terminal).items()} == dict.fromkeys(ids, "sent")

    reported = sync(data)  # a new process: the terminal "restarted" between receipt and report
    assert reported["commands"] == []
    results = listed(hub, terminal)
    by_command = {results[i]["command"]: results[i] for i in ids}
    assert by_command["sync"]["state"] == "done"
    assert by_command["sync"]["result"]["status"] == "unchanged"
    doctor = by_command["doctor"]
    assert {c["name"] for c in doctor["result"]["checks"]} >= {"config", "hub", "disk"}
    assert doctor["state"] == ("done" if doctor["result"]["ok"] else "failed")
    for command in ("screenshot", "restart"):  # the CLI runs no app
        assert by_command[command]["state"] == "failed"
        assert by_command[command]["result"]["error"] == "no_app"

    repeated = sync(data)
    assert repeated["commands"] == []
    assert listed(hub, terminal) == results
