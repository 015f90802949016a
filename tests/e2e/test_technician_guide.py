"""docs/technician.md as written, in a technician's clean shell: the terminal installed from the
wheel (``[kiosk]``, no LEGAL_KIOSK_* variables), the example config in the data folder, then
``enroll`` against a real hub process, ``doctor``, ``sync``, a guide ticket whose QR opens the
hub's page, and a screenshot tour that leaves the hub's usage figures as they were."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import requests
from PIL import Image
from pyzbar.pyzbar import decode

from tests.support.e2e_steps import hub_rows
from tests.support.hub_process import hub_process
from tests.support.wheel_venv import build_wheel, clean_env, install

pytestmark = [pytest.mark.slow, pytest.mark.ui]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "deploy" / "terminal" / "kiosk.example.toml"


def usage(hub) -> tuple[int, int]:
    """The hub's usage rows: all events, and searches for the tour's nonsense word."""
    events = hub_rows(hub, "SELECT count(*) FROM events")[0][0]
    tour_searches = hub_rows(
        hub, "SELECT count(*) FROM events WHERE type = 'search' AND props LIKE '%zzqx%'"
    )[0][0]
    return events, tour_searches


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def test_the_technician_guide_step_by_step(tmp_path, wheel):
    venv = install(tmp_path, wheel, "kiosk")
    cli = venv / "bin" / "legal-kiosk"
    env = clean_env()
    assert not [k for k in env if k.startswith(("LEGAL_KIOSK_", "KIVY_"))]
    data = tmp_path / "var-lib-legal-kiosk"
    data.mkdir()
    shutil.copy(EXAMPLE, data / "kiosk.toml")  # what install.sh puts in place, edited nowhere

    def kiosk(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [str(cli), "--data", str(data), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=timeout,
        )
        assert result.returncode == 0, f"{args}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
        return result

    with hub_process(tmp_path / "hub") as hub:
        # 2. Enroll (the code as `legal-hub enroll-code "TERMINAL NAME"` prints it)
        code = hub.new_code(hub.terminals[0])
        enrolled = json.loads(kiosk("enroll", "--hub", hub.base_url, "--code", code).stdout)
        assert enrolled["config"] == str(data / "kiosk.toml")
        shown = json.loads(kiosk("config-check").stdout)
        assert shown["hub"]["url"] == hub.base_url and shown["hub"]["public_key"] is True

        # first content download
        synced = json.loads(kiosk("sync").stdout)
        assert synced["status"] == "updated", synced

        # 4. Self-test: the hub checks pass, the clock is compared with the hub's
        report = subprocess.run(
            [str(cli), "doctor", "--json", "--data", str(data)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        checks = {c["name"]: c for c in json.loads(report.stdout)["checks"]}
        for name in ("config", "data_dir", "cache", "content_age", "hub", "hub_key", "token",
                     "clock_offset"):  # fmt: skip
            assert checks[name]["ok"], checks[name]
        assert checks["clock"]["detail"].endswith("Asia/Shanghai")

        # 5. A guide ticket: its QR is the hub's page of the guide, not plain text
        ticket = tmp_path / "ticket.png"
        payload = kiosk("test-ticket", "--kind", "guide", "--out", str(ticket)).stdout.strip()
        assert payload == f"{hub.base_url}/p/articles/sample-guide"
        assert [s.data.decode() for s in decode(Image.open(ticket))] == [payload]
        guide_id = hub_rows(hub, "SELECT id FROM articles WHERE status = 'published' LIMIT 1")[0][0]
        page = requests.get(payload.replace("sample-guide", guide_id), timeout=10)
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]

        # 6. A screenshot tour on the live data folder changes nothing the hub counts
        kiosk("sync")  # deliver whatever the commands above queued
        before = usage(hub)
        shots = tmp_path / "shots"
        kiosk("screenshot", "--out", str(shots), "--lang", "zh_CN", timeout=600)
        assert len(list(shots.glob("*.png"))) >= 40
        kiosk("sync")
        assert usage(hub) == before
        assert before[1] == 0
