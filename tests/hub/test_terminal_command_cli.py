"""`legal-hub terminal-command` as a real process: send, list, unknown command and terminal."""

from __future__ import annotations

import json
import os

import pytest

from tests.support.hub_process import run_cli

pytestmark = pytest.mark.slow


@pytest.fixture
def env(tmp_path):
    environment = {**os.environ, "HUB_DATA": str(tmp_path / "data")}
    environment.pop("HUB_DATABASE_URL", None)
    run_cli("init", env=environment)
    run_cli("enroll-code", "示例终端一", env=environment)
    return environment


def one_line(result) -> dict:
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    return json.loads(lines[0])


def test_send_and_list(env):
    assert one_line(run_cli("terminal-command", "--list", "示例终端一", "--json", env=env)) == {
        "commands": []
    }
    sent = one_line(run_cli("terminal-command", "示例终端一", "doctor", "--json", env=env))
    assert sent["id"].startswith("c-") and len(sent["id"]) == 18
    assert {k: v for k, v in sent.items() if k != "id"} == {
        "terminal": "示例终端一",
        "command": "doctor",
        "state": "pending",
    }
    second = one_line(run_cli("terminal-command", "示例终端一", "restart", "--json", env=env))
    listed = one_line(run_cli("terminal-command", "--list", "示例终端一", "--json", env=env))
    assert listed == {
        "commands": [
            {"id": second["id"], "command": "restart", "state": "pending"},
            {"id": sent["id"], "command": "doctor", "state": "pending"},
        ]
    }
    plain = run_cli("terminal-command", "示例终端一", "sync", env=env)
    assert "sync queued for 示例终端一 as c-" in plain.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("示例终端一", "reboot", "--json"),
            "legal-hub terminal-command: unknown command 'reboot': choose one of sync, doctor, screenshot, restart",
        ),
        (
            ("没有的终端", "sync", "--json"),
            "legal-hub terminal-command: no terminal is called '没有的终端'",
        ),
        (("示例终端一", "--json"), "legal-hub terminal-command: name a command"),
        (("--list", "示例终端一", "sync"), "legal-hub terminal-command: name a command"),
    ],
)
def test_refusals_exit_non_zero_with_a_sentence(env, args, message):
    result = run_cli("terminal-command", *args, env=env, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().startswith(message), result.stderr
    assert result.stdout == ""
    listed = one_line(run_cli("terminal-command", "--list", "示例终端一", "--json", env=env))
    assert listed == {"commands": []}
