"""doctor's clock checks as a technician runs them: ``legal-kiosk doctor`` in a process.

The system zone comes from ``TZ`` in the command's environment (as a terminal image left on UTC
has it); the hub's clock from a real hub process, reached through a proxy that moves the hub's
``Date`` header by a set number of seconds (a hub whose clock is off, as the terminal sees it).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pytest

from kiosk.config_edit import write_strings
from tests.support.hub_process import hub_process
from tests.support.tamper_proxy import TamperProxy
from tests.support.zones import SHANGHAI

ROOT = Path(__file__).resolve().parents[3]


def doctor(data: Path, *, tz: str, offline: bool = False) -> tuple[int, dict]:
    """``legal-kiosk doctor --json`` with only PATH and TZ set: ``(exit code, {name: check})``."""
    command = [sys.executable, "-m", "kiosk", "doctor", "--json",
               "--config", str(data / "kiosk.toml"), "--data", str(data)]  # fmt: skip
    result = subprocess.run(
        command + (["--offline"] if offline else []),
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "TZ": tz},
    )  # fmt: skip
    shown = json.loads(result.stdout)
    return result.returncode, {"ok": shown["ok"], **{c["name"]: c for c in shown["checks"]}}


def test_a_utc_system_clock_is_named_and_times_stay_in_the_terminals_zone(tmp_path):
    data = tmp_path / "terminal"
    data.mkdir()
    (data / "kiosk.toml").write_text('[terminal]\nname = "示例终端"\n', encoding="utf-8")
    _code, on_utc = doctor(data, tz="UTC", offline=True)
    assert on_utc["clock_zone"]["ok"] is False
    assert on_utc["clock_zone"]["detail"] == (
        "系统时区是 UTC+00:00，与配置的 Asia/Shanghai（UTC+08:00）不同；终端上显示和打印的时间仍按 "
        "Asia/Shanghai"
    )
    shown, zone = on_utc["clock"]["detail"].rsplit(" ", 1)
    assert zone == "Asia/Shanghai"
    moment = datetime.strptime(shown, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)
    assert abs(datetime.now(SHANGHAI) - moment) < timedelta(minutes=2)  # not the UTC wall clock

    _code, in_china = doctor(data, tz="Asia/Shanghai", offline=True)
    assert in_china["clock_zone"] == {
        "name": "clock_zone",
        "ok": True,
        "detail": "系统时区与配置的 Asia/Shanghai（UTC+08:00）一致",
    }
    write_strings(data / "kiosk.toml", "terminal", {"timezone": "Asia/Urumqi"})
    _code, elsewhere = doctor(data, tz="Asia/Shanghai", offline=True)
    assert elsewhere["clock_zone"]["detail"].startswith(
        "系统时区是 UTC+08:00，与配置的 Asia/Urumqi（UTC+06:00）不同"
    )
    assert elsewhere["ok"] is in_china["ok"]  # a zone that differs is a warning, never a failure


def seconds_in(checks: dict, pattern: str) -> int:
    found = re.fullmatch(pattern, checks["clock_offset"]["detail"])
    assert found, checks["clock_offset"]
    return int(found.group(1))


def hub_clock_moved(seconds: int):
    """A proxy rewrite: the hub's ``Date`` header ``seconds`` later than the hub's clock says."""

    def mutate(path, reply):
        hub_time = parsedate_to_datetime(reply.headers["Date"])
        reply.headers["Date"] = format_datetime(hub_time + timedelta(seconds=seconds), usegmt=True)
        return reply

    return mutate


@pytest.mark.slow
def test_a_clock_off_the_hubs_warns_after_a_minute_and_fails_after_an_hour(tmp_path):
    data = tmp_path / "terminal"
    data.mkdir()
    with hub_process(tmp_path) as hub:
        enrolled = subprocess.run(
            [sys.executable, "-m", "kiosk", "enroll", "--hub", hub.base_url,
             "--code", hub.codes[hub.terminals[0]], "--data", str(data)],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert enrolled.returncode == 0, enrolled.stderr
        results = {}
        for seconds in (0, 90, 2 * 3600):
            with TamperProxy(hub.base_url, hub_clock_moved(seconds)) as proxy:
                write_strings(data / "kiosk.toml", "hub", {"url": proxy.url})
                results[seconds] = doctor(data, tz="Asia/Shanghai")
                assert proxy.hits("/openapi.json") == 1
    (same_code, same), (minute_code, minute), (hours_code, hours) = results.values()
    assert [same[n]["ok"] for n in ("hub", "hub_key", "token", "clock_offset")] == [True] * 4
    # the Date header has whole seconds and the answer takes a moment on a busy machine
    assert 0 <= seconds_in(same, "与服务中心时间相差 (\\d+) 秒") <= 10
    # 90 s: a warning (✗ on its line), the terminal still passes
    assert minute["clock_offset"]["ok"] is False
    assert 80 <= seconds_in(minute, "本机时间比服务中心慢 (\\d+) 秒") <= 90
    assert (minute_code, minute["ok"]) == (same_code, same["ok"])
    # two hours: the terminal fails doctor (exit 1)
    assert hours["clock_offset"] == {
        "name": "clock_offset",
        "ok": False,
        "detail": "本机时间比服务中心慢约 2.0 小时，屏幕和凭条上的时间都不对",
    }
    assert (hours_code, hours["ok"]) == (1, False)
