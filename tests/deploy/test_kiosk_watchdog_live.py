"""The real kiosk app under Xvfb talks to "systemd": READY=1, then WATCHDOG=1 from the Kivy loop.

A datagram socket stands in for systemd's notify socket (the same protocol the unit's
NotifyAccess=all accepts from cage's child), with WatchdogSec=2 s given as WATCHDOG_USEC.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.device.xvfb import Xvfb

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.ui]


def wired() -> bool:
    return any(
        "kiosk.device.watchdog" in p.read_text(encoding="utf-8")
        for p in (ROOT / "screens").rglob("*.py")
    )


@pytest.mark.skipif(
    not wired(), reason="screens/app.py does not call kiosk.device.watchdog.attach yet"
)
def test_the_app_sends_ready_and_pings_from_its_loop(tmp_path):
    data = tmp_path / "data"
    subprocess.run([sys.executable, "-m", "kiosk", "demo-data", "--data", str(data)], cwd=ROOT, check=True,
                   capture_output=True, timeout=300)  # fmt: skip
    sock_path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(sock_path))
    sock.settimeout(60)
    with Xvfb("1280x800x24") as display:
        env = {**os.environ, "DISPLAY": display, "NOTIFY_SOCKET": str(sock_path), "WATCHDOG_USEC": "2000000",
               "LEGAL_KIOSK_SPEECH_BACKEND": "none"}  # fmt: skip
        app = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--windowed", "--data", str(data)], cwd=ROOT,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
        try:
            messages = []
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and messages.count(b"WATCHDOG=1") < 3:
                messages.append(sock.recv(256))
            assert messages[0].startswith(b"READY=1"), messages
            pings = [m for m in messages if m == b"WATCHDOG=1"]
            assert len(pings) >= 3
            # A frozen UI loop must stop the pings: SIGSTOP the app and hear nothing for 3 s.
            app.send_signal(19)
            sock.settimeout(3)
            with pytest.raises(TimeoutError):
                while True:
                    sock.recv(256)
            app.send_signal(18)
        finally:
            app.terminate()
            try:
                app.wait(20)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait(10)
            sock.close()
