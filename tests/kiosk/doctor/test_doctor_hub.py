"""doctor's hub checks against a real hub process on loopback (enrolled, tampered, stopped)."""

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.support.hub_process import hub_process

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.slow
HUB_CHECKS = ("hub", "hub_key", "token")


def enroll(data: Path, base_url: str, code: str) -> None:
    """`legal-kiosk enroll` when the command exists, else the same POST and file it makes."""
    from kiosk.cli import command_modules

    if "enroll" in command_modules():
        done = subprocess.run(
            [sys.executable, "-m", "kiosk", "enroll", "--hub", base_url, "--code", code, "--data", str(data)],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return
    answer = requests.post(base_url + "/api/v1/enroll", json={"code": code}, timeout=10).json()
    stored = {"hub_url": base_url, "terminal_id": answer["terminal_id"], "token": answer["token"],
              "public_key": answer["public_key"], "enrolled_at": 0.0}  # fmt: skip
    (data / "enrollment.json").write_text(json.dumps(stored), encoding="utf-8")


def doctor(data: Path, names=HUB_CHECKS) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "doctor", "--json", "--data", str(data)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    shown = json.loads(result.stdout)
    return {c["name"]: c for c in shown["checks"] if c["name"] in names}


def rewrite(data: Path, **changes) -> None:
    path = data / "enrollment.json"
    stored = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**stored, **changes}), encoding="utf-8")
    if "public_key" in changes and (data / "kiosk.toml").exists():
        # enroll also pinned the key in the config: change both, as a tampered disk would
        from kiosk.config_edit import write_strings

        write_strings(data / "kiosk.toml", "hub", {"public_key": changes["public_key"]})


def test_doctor_against_a_real_hub(tmp_path):
    data = tmp_path / "terminal"
    data.mkdir()
    with hub_process(tmp_path) as hub:
        enroll(data, hub.base_url, hub.codes[hub.terminals[0]])
        healthy = doctor(data)
        assert {name: c["ok"] for name, c in healthy.items()} == dict.fromkeys(HUB_CHECKS, True), (
            healthy
        )
        assert healthy["hub"]["detail"] == hub.base_url
        clock = doctor(data, ("clock", "clock_offset"))  # the real hub's Date header
        assert clock["clock_offset"]["ok"], clock
        assert clock["clock"]["detail"].endswith(" Asia/Shanghai"), clock
        from kiosk.cli import command_modules

        if "sync" in command_modules():  # the real sync: content and its age are then healthy too
            synced = subprocess.run([sys.executable, "-m", "kiosk", "sync", "--data", str(data)], cwd=ROOT,
                                    capture_output=True, text=True, timeout=120)  # fmt: skip
            assert synced.returncode == 0, synced.stderr
            local = doctor(data, ("cache", "content_age"))
            assert local["cache"]["ok"] and local["content_age"]["ok"], local

        real = json.loads((data / "enrollment.json").read_text())
        other = (
            Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        )
        rewrite(data, public_key=base64.b64encode(other).decode())
        tampered = doctor(data)
        assert [n for n, c in tampered.items() if not c["ok"]] == ["hub_key"]
        assert (
            "does not match" in tampered["hub_key"]["detail"]
            or "不一致" in tampered["hub_key"]["detail"]
        )

        rewrite(data, public_key=real["public_key"], token="not-the-token")
        refused = doctor(data)
        assert {n for n, c in refused.items() if not c["ok"]} == {"token", "hub_key"}
        rewrite(data, token=real["token"])
        hub.process.terminate()
        hub.process.wait(10)
        stopped = doctor(data)
        assert {n for n, c in stopped.items() if not c["ok"]} == set(HUB_CHECKS)


def test_heartbeats_from_the_composed_app_carry_doctor_and_the_hub_keeps_it(tmp_path):
    import sqlite3

    from kiosk.config import load_config
    from kiosk.services import build_services

    data = tmp_path / "terminal"
    data.mkdir()
    with hub_process(tmp_path) as hub:
        enroll(data, hub.base_url, hub.codes[hub.terminals[0]])
        services = build_services(load_config(None, data_dir=data, environ={}))
        try:
            link = services.sync
            body = link.loop.heartbeat_body()
            assert set(body["doctor"]) == {"ok", "checks"}
            assert {"config", "cache", "cjk_font", "disk"} <= {
                c["name"] for c in body["doctor"]["checks"]
            }
            assert link.client.heartbeat(body)["server_time"]
        finally:
            services.close()
        stored = sqlite3.connect(hub.data_dir / "hub.db").execute(
            "SELECT doctor FROM terminals WHERE doctor IS NOT NULL"
        )
        [(doctor,)] = stored.fetchall()
        assert json.loads(doctor) == body["doctor"]
