"""``make run`` stopped with Ctrl-C as a person does it (issue 14): the whole system on one machine
in a pseudo-terminal of its own, then the Ctrl-C keypress (the kernel's SIGINT to the terminal's
foreground process group). The app, the hub and the private Xvfb stop in that order: no
``Error 130`` from make, no X error from an app whose X server vanished under it, nothing left
running. Before, Xvfb and the hub shared the terminal's process group and died first, and the
script's INT trap exited 130.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from tests.support.hub_process import free_port
from tests.support.terminal_session import TerminalSession, alive

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 400  # the first start seeds a demo hub and syncs ~50 guides
STOP_TIMEOUT_S = 90
X_ERRORS = ("X Error", "XIO:", "fatal IO error", "BadWindow", "Connection to display lost")


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("make-run")  # shared: the second start reuses the demo hub


@pytest.mark.parametrize("command", [["bash", "deploy/dev/run.sh"], ["make", "run"]])
def test_ctrl_c_stops_app_hub_and_xvfb_in_order_without_errors(data, command):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LEGAL_KIOSK_", "HUB_", "KIVY_")) and k != "DISPLAY"
    }
    venv = Path(sys.executable).parent.parent
    env.update(LEGAL_KIOSK_DATA=str(data), HUB_PORT=str(free_port()), VENV=str(venv))
    with TerminalSession(command, cwd=ROOT, env=env) as term:
        term.wait_for("Base: Start application main loop", timeout_s=START_TIMEOUT_S)
        running = term.snapshot()
        kinds = {
            name: pid
            for pid, line in running.items()
            for name in ("Xvfb", "hub serve", "kiosk run")
            if name in line
        }
        assert set(kinds) == {"Xvfb", "hub serve", "kiosk run"}, running
        term.interrupt()
        code = term.wait(timeout_s=STOP_TIMEOUT_S)
        shown = term.output
    left = {pid: line for pid, line in term.seen.items() if alive(pid)}
    assert left == {}, left
    assert "Leaving application in progress" in shown  # the app stopped itself, cleanly
    assert not [line for line in shown.splitlines() if any(e in line for e in X_ERRORS)], shown[
        -3000:
    ]
    assert "Error 130" not in shown and "make: ***" not in shown, shown[-3000:]
    if command[0] == "make":
        # GNU make ends itself with the SIGINT it was sent once its recipe is done (an exit of 0
        # here, or make would have printed "Error N"): what a shell shows as a plain ^C.
        assert code == -signal.SIGINT
    else:
        assert code == 0, shown[-3000:]
    assert "run: stopped the app, the hub and the virtual screen" in shown, shown[-3000:]
