"""doctor against a healthy staged terminal, then with one thing broken at a time.

The data folder, its SQLite files and the config file are real; the machine around them
(commands, HTTP, clock, disk) comes through injected probes so each break is exact.
"""

import base64
import dataclasses
import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.device.touch import input_section, list_touch_devices
from kiosk.doctor import CHECKS, report, run_checks
from kiosk.doctor.probes import HubIdentity, content_info, hub_identity, verify_signature
from tests.support.doctor_machine import (
    HUB_KEY,
    NOW,
    OTHER_KEY,
    PROC,
    VOICES,
    Machine,
    make_db,
    public_b64,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def terminal(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    make_db(data / "content.db", [("content_version", "5")])
    (data / "sync_state.json").write_text('{"highest_version": 5, "last_checked_at": 1763544600.0}')
    (data / "enrollment.json").write_text(
        json.dumps(
            {
                "hub_url": "http://enrolled.example",
                "token": "tok",
                "public_key": public_b64(HUB_KEY),
            }
        )
    )
    make_db(data / "outbox.db", [])
    device = list_touch_devices(PROC, sysfs_root=None, word_bits=64)[1]
    (data / "kivy_input.ini").write_text(input_section(device), encoding="utf-8")
    config_file = tmp_path / "kiosk.toml"
    config_file.write_text(
        f'data_dir = "data"\n[terminal]\nname = "示例终端"\n'
        f'[hub]\nurl = "http://hub.example"\npublic_key = "{public_b64(HUB_KEY)}"\n',
        encoding="utf-8",
    )
    return load_config(config_file, environ={})


def failing(config, machine):
    return {c.name for c in run_checks(config, machine.probes(), language="en") if not c.ok}


def test_a_healthy_terminal_passes_every_check(terminal):
    checks = run_checks(terminal, Machine().probes(), language="en")
    assert [c.name for c in checks] == list(CHECKS)
    assert [c.name for c in checks if not c.ok] == []
    assert report(checks)["ok"] is True
    by_name = {c.name: c.detail for c in checks}
    assert by_name["cache"] == "content.db, outbox.db intact"
    assert by_name["touch"] == "/dev/input/event5"
    assert by_name["content_age"] == "content version 5, synced 1.0 days ago"


def corrupt(path):
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 3 + 600] = b"\xff" * 600
    path.write_bytes(bytes(data))


BREAKS = {
    "config": (lambda m, c: dataclasses.replace(c, source=None), {"config"}),
    "data_dir": (
        lambda m, c: dataclasses.replace(c, data_dir=c.data_dir / "gone"),
        {"data_dir"},
    ),
    "cache": (lambda m, c: corrupt(c.data_dir / "outbox.db") or c, {"cache"}),
    "content_age": (
        lambda m, c: setattr(m, "synced_at", NOW - timedelta(days=45)) or c,
        {"content_age"},
    ),
    "hub": (
        lambda m, c: setattr(m, "hub_down", True) or c,
        {"hub", "hub_key", "token", "clock_offset"},
    ),
    "hub_key": (lambda m, c: setattr(m, "signer", OTHER_KEY) or c, {"hub_key"}),
    "token": (lambda m, c: setattr(m, "content_status", 403) or c, {"token", "hub_key"}),
    "cjk_font": (lambda m, c: m.commands.update({"fc-list": (0, "")}) or c, {"cjk_font"}),
    "voice": (
        lambda m, c: m.commands.update({"espeak-ng": (0, VOICES.splitlines()[0])}) or c,
        {"voice"},
    ),
    "audio": (
        lambda m, c: setattr(m, "audio", (False, "aplay: main:831: audio open error")) or c,
        {"audio"},
    ),
    "printer": (lambda m, c: setattr(m, "printer", (False, "out of paper", "")) or c, {"printer"}),
    "touch": (
        lambda m, c: setattr(m, "proc", PROC.split("\n\nI: Bus=0003 Vendor=0eef")[0]) or c,
        {"touch"},
    ),
    "chromium": (lambda m, c: setattr(m, "chromium", None) or c, {"chromium"}),
    "clock": (lambda m, c: setattr(m, "now", datetime(2020, 1, 1, tzinfo=UTC)) or c, {"clock"}),
    "clock_sync": (
        lambda m, c: m.commands.update({"timedatectl": (0, "no\n")}) or c,
        {"clock_sync"},
    ),
    "disk": (lambda m, c: setattr(m, "free", 50 * 1024**2) or c, {"disk"}),
    "clock_zone": (lambda m, c: setattr(m, "system_offset", timedelta(0)) or c, {"clock_zone"}),
    "clock_offset": (
        lambda m, c: setattr(m, "hub_skew", timedelta(seconds=-75)) or c,
        {"clock_offset"},
    ),
}


@pytest.mark.parametrize(
    ("skew_s", "ok", "en"),
    [
        (0, True, "0 s from the hub's clock"),
        (-60, True, "60 s from the hub's clock"),
        (61, False, "this clock is 61 s behind the hub's"),
        (-90, False, "this clock is 90 s ahead of the hub's"),
    ],
)
def test_the_clock_is_compared_with_the_hubs_date_header(terminal, skew_s, ok, en):
    machine = Machine()
    machine.hub_skew = timedelta(seconds=skew_s)
    checks = {c.name: c for c in run_checks(terminal, machine.probes(), language="en")}
    assert (checks["clock_offset"].ok, checks["clock_offset"].detail) == (ok, en)


@pytest.mark.parametrize(
    ("skew_s", "ok", "critical", "en"),
    [
        (-3600, False, False, "this clock is 3600 s ahead of the hub's"),
        (3601, False, True, "this clock is about 1.0 h behind the hub's: the time on screen and "
         "on tickets is wrong"),
        (-8 * 3600, False, True, "this clock is about 8.0 h ahead of the hub's: the time on "
         "screen and on tickets is wrong"),
    ],
)  # fmt: skip
def test_a_clock_hours_off_the_hub_fails_the_terminal(terminal, skew_s, ok, critical, en):
    machine = Machine()
    machine.hub_skew = timedelta(seconds=skew_s)
    checks = run_checks(terminal, machine.probes(), language="en")
    offset = next(c for c in checks if c.name == "clock_offset")
    assert (offset.ok, offset.critical, offset.detail) == (ok, critical, en)
    assert report(checks)["ok"] is not critical
    zh = next(c for c in run_checks(terminal, machine.probes()) if c.name == "clock_offset")
    assert zh.detail.startswith("本机时间比服务中心")


def test_times_are_shown_in_the_configured_zone_and_a_utc_system_is_named(terminal):
    machine = Machine()
    machine.system_offset = timedelta(0)
    checks = {c.name: c for c in run_checks(terminal, machine.probes(), language="zh_CN")}
    assert checks["clock"].detail == "2026-11-20 17:30 Asia/Shanghai"  # NOW is 09:30 UTC
    assert checks["clock_zone"].ok is False
    assert checks["clock_zone"].detail.startswith(
        "系统时区是 UTC+00:00，与配置的 Asia/Shanghai（UTC+08:00）不同"
    )


@pytest.mark.parametrize("name", list(BREAKS))
def test_each_break_is_named_by_its_check(terminal, name):
    machine = Machine()
    breaker, expected = BREAKS[name]
    config = breaker(machine, terminal)
    assert failing(config, machine) == expected
    checks = run_checks(config, machine.probes(), language="zh_CN")
    broken = next(c for c in checks if c.name == name)
    assert broken.hint and not broken.hint.startswith("doctor.")
    assert report(checks)["ok"] is (not CHECKS[name][1])


def test_every_check_has_title_and_hint_in_both_languages():
    from contract.i18n import Translator

    for language in ("zh_CN", "en"):
        tr = Translator(language)
        for name in CHECKS:
            assert tr.has(f"doctor.{name}.title") and tr.has(f"doctor.{name}.hint"), (
                language,
                name,
            )


def test_a_crashing_probe_fails_only_its_check(terminal):
    machine = Machine()
    probes = machine.probes()
    probes.disk_free = lambda path: 1 / 0
    checks = run_checks(terminal, probes, language="en")
    assert {c.name for c in checks if not c.ok} == {"disk"}
    assert "ZeroDivisionError" in next(c.detail for c in checks if c.name == "disk")


def test_content_info_reads_the_store_and_the_sync_state(terminal):
    assert content_info(terminal.data_dir) == (5, datetime(2025, 11, 19, 9, 30, tzinfo=UTC))
    assert content_info(terminal.data_dir / "nowhere") == (None, None)


def test_hub_identity_prefers_the_config_and_flags_a_second_key(terminal):
    assert hub_identity(terminal) == HubIdentity("http://hub.example", public_b64(HUB_KEY), "tok")
    bare = dataclasses.replace(
        terminal, hub=dataclasses.replace(terminal.hub, url="", public_key="")
    )
    assert hub_identity(bare) == HubIdentity("http://enrolled.example", public_b64(HUB_KEY), "tok")
    other = dataclasses.replace(
        terminal, hub=dataclasses.replace(terminal.hub, public_key=public_b64(OTHER_KEY))
    )
    assert hub_identity(other).key_conflict is True
    machine = Machine()
    probes = machine.probes()
    probes.hub_identity = hub_identity
    assert {c.name for c in run_checks(other, probes, language="en") if not c.ok} == {"hub_key"}


def test_signature_verdicts():
    body = b"exact bytes"
    good = base64.b64encode(HUB_KEY.sign(body)).decode()
    assert verify_signature(public_b64(HUB_KEY), good, body) == "ok"
    assert verify_signature(public_b64(OTHER_KEY), good, body) == "mismatch"
    assert verify_signature(public_b64(HUB_KEY), good, body + b" ") == "mismatch"
    assert verify_signature("not base64!", good, body) == "bad_pinned"


def test_cli_json_on_this_machine(terminal, tmp_path):
    """The real probes: this machine has the CJK font and espeak-ng; the hub does not exist."""
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "doctor", "--json", "--config", str(terminal.source)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "LEGAL_KIOSK_HUB_TIMEOUT_S": "2",
            "LEGAL_KIOSK_HUB_URL": "http://127.0.0.1:9",
        },
    )
    shown = json.loads(result.stdout)
    assert set(shown) == {"ok", "checks"}
    assert all(set(c) == {"name", "ok", "detail"} for c in shown["checks"])
    by_name = {c["name"]: c for c in shown["checks"]}
    assert by_name["cjk_font"]["ok"] and by_name["voice"]["ok"] and by_name["cache"]["ok"]
    assert not by_name["hub"]["ok"]
    assert result.returncode == (0 if shown["ok"] else 1)

    human = subprocess.run(
        [sys.executable, "-m", "kiosk", "doctor", "--offline", "--config", str(terminal.source)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin"},
    )
    lines = human.stdout.splitlines()
    for title in ("配置文件", "离线数据完整", "中文字体", "普通话语音", "磁盘空间"):
        assert any(line.startswith(f"✓ {title}: ") for line in lines), title
    assert human.returncode == 0 and "自检通过" in human.stdout


def test_touch_without_a_setup_file_uses_the_window_and_a_stale_file_fails(terminal):
    machine = Machine()
    (terminal.data_dir / "kivy_input.ini").unlink()
    checks = {c.name: c for c in run_checks(terminal, machine.probes(), language="en")}
    assert checks["touch"].ok and "through the window" in checks["touch"].detail
    (terminal.data_dir / "kivy_input.ini").write_text(
        "[input]\ntouchscreen = hidinput,/dev/input/event9\n"
    )
    checks = {c.name: c for c in run_checks(terminal, machine.probes(), language="en")}
    assert not checks["touch"].ok and "/dev/input/event9" in checks["touch"].detail


def test_health_report_for_heartbeats_leaves_out_the_hub_and_fits_the_hub_limit(terminal):
    from kiosk.doctor import health_report

    shown = health_report(terminal, Machine().probes())
    assert [c["name"] for c in shown["checks"]] == [
        n for n in CHECKS if n not in ("hub", "hub_key", "token", "clock_offset")
    ]
    assert shown["ok"] is True
    assert len(json.dumps(shown)) < 20_000  # hub/api/routes/heartbeat.py MAX_DOCTOR_BYTES


def _real_sound_check(terminal, device: str):
    """The audio row of doctor with the real play_silence and ``speech.audio_device = device``."""
    from kiosk.doctor.probes import play_silence

    config = dataclasses.replace(
        terminal, speech=dataclasses.replace(terminal.speech, audio_device=device)
    )
    probes = dataclasses.replace(Machine().probes(), audio_output=play_silence)
    (row,) = [c for c in run_checks(config, probes, language="zh_CN") if c.name == "audio"]
    return row


@pytest.mark.skipif(shutil.which("aplay") is None, reason="needs aplay (alsa-utils)")
def test_the_sound_check_fails_on_the_device_read_aloud_is_configured_with(terminal):
    """The real probe plays to speech.audio_device, the device the speaker uses: an ALSA
    device that does not exist is a ✗ with a sentence, aplay's own complaint and the hint."""
    row = _real_sound_check(terminal, "no_such_sound_card")
    assert row.ok is False
    assert row.detail.startswith("放不出声音：")
    assert row.detail.startswith("放不出声音：no_such_sound_card: aplay: ")  # which device, why
    assert (
        row.hint == "检查音箱和声卡是否接好、是否静音（alsamixer），再运行一次 legal-kiosk doctor。"
    )


@pytest.mark.skipif(shutil.which("aplay") is None, reason="needs aplay (alsa-utils)")
def test_the_sound_check_passes_on_the_null_device(terminal):
    row = _real_sound_check(terminal, "null")
    assert (row.ok, row.detail, row.hint) == (True, "可以放出声音", "")


def test_the_configured_audio_device_reaches_the_speaker(tmp_path):
    from kiosk.speech.speaker import make_speaker

    config_file = tmp_path / "kiosk.toml"
    config_file.write_text('[speech]\naudio_device = "null"\n', encoding="utf-8")
    speaker = make_speaker(load_config(config_file, environ={}))
    assert speaker.audio_device == "null"
    config_file.write_text("[speech]\nrate_wpm = 150\n", encoding="utf-8")
    assert make_speaker(load_config(config_file, environ={})).audio_device is None  # default


def test_the_sound_check_plays_through_the_real_player():
    """play_silence() runs the same player as read-aloud; whatever this machine has, it answers,
    and a failure carries the player's own complaint (what a technician needs to see)."""
    from kiosk.doctor.probes import play_silence

    ok, detail = play_silence()
    assert isinstance(ok, bool) and isinstance(detail, str)
    if not ok:
        assert detail
