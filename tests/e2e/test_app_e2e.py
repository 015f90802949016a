"""The real app (under Xvfb, real taps) against a real hub process: bookings, the offline way out, and new content reaching the open screen.

After the hub confirmed, no name or phone number may remain anywhere in the terminal's data
folder: databases and their -wal files, logs, Kivy's folder — every byte is searched."""

import json
import subprocess
import sys
import time

import pytest

from tests.support.e2e_steps import (
    ROOT,
    all_bytes,
    enroll,
    hub_rows,
    kiosk_env,
    start_hub,
    stop_hub,
    sync,
    sync_here,
)

pytestmark = [pytest.mark.e2e, pytest.mark.ui]


def ui_kiosk(hub, tmp_path):
    from contract.demo import DEMO_TERMINALS

    data = tmp_path / "kiosk"
    terminal = next(t for t in DEMO_TERMINALS if t["name"] == hub.terminals[0])
    enroll(hub, data, terminal["name"], cli=False)
    sync_here(data, hub.base_url)
    (data / "kiosk.toml").write_text(
        f'[terminal]\nname = "{terminal["name"]}"\nvillage = "{terminal["village"]}"\n'
        f"lat = {terminal['lat']}\nlng = {terminal['lng']}\n"
        '[speech]\nbackend = "none"\n[printer]\nbackend = "none"\n[video]\nbackend = "none"\n',
        encoding="utf-8",
    )
    return data


def run_ui(data, mode, name, phone, hub_url, **env):
    result = subprocess.run(
        [sys.executable, "-m", "tests.support.app_driver", str(data), mode, name, phone],
        cwd=ROOT,
        env=kiosk_env(data, LEGAL_KIOSK_HUB_URL=hub_url, **env),
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stdout + result.stderr


def test_booking_from_the_app_leaves_no_name_or_phone(hub, tmp_path):
    name, phone = "赵先生", "13900007788"
    data = ui_kiosk(hub, tmp_path)
    assert phone.encode() not in all_bytes(data) and name.encode() not in all_bytes(data)
    result, output = run_ui(data, "book", name, phone, hub.base_url)
    assert result["step"] == "done" and result["code"] and result["form_empty"]
    assert "booking.made" in result["events"]
    assert hub_rows(
        hub, "SELECT resident_name, resident_phone FROM bookings WHERE code = ?", (result["code"],)
    ) == [(name, phone)]
    leftovers = all_bytes(data)
    assert phone.encode() not in leftovers and name.encode() not in leftovers
    assert phone not in output and name not in output  # nor in the app's logs
    assert (data / "kivy").is_dir()  # Kivy's folder was there and was searched


def test_offline_callback_from_the_app_reaches_the_hub_once_and_leaves_no_trace(hub, tmp_path):
    name, phone = "孙女士", "13900006655"
    data = ui_kiosk(hub, tmp_path)
    stop_hub(hub)
    try:
        result, output = run_ui(data, "callback", name, phone, hub.base_url)
        assert (result["offline_step"], result["step"], result["form_empty"]) == (
            "offline",
            "done",
            True,
        )
        assert "booking.callback" in result["events"]
        assert phone.encode() in all_bytes(
            data
        )  # queued durably in the outbox until the hub answers
    finally:
        url = start_hub(hub)
    deadline = time.monotonic() + 60
    status = sync(data, url)
    while status["queue"]["pending"] and time.monotonic() < deadline:
        time.sleep(0.5)
        status = sync(data, url)
    assert status["queue"]["pending"] == 0
    sync(data, url)
    rows = hub_rows(
        hub,
        "SELECT resident_name, resident_phone, status FROM callback_requests WHERE resident_phone = ?",
        (phone,),
    )
    assert rows == [(name, phone, "open")]
    leftovers = all_bytes(data)
    assert phone.encode() not in leftovers and name.encode() not in leftovers
    assert phone not in output


def test_new_content_reaches_the_open_screen_without_a_restart(hub, tmp_path):
    data = ui_kiosk(hub, tmp_path)
    before = sync_here(data, hub.base_url)["content_version"]
    result, _ = run_ui(data, "refresh", "-", "-", hub.base_url, HUB_DATA=str(hub.data_dir))
    assert (result["screen"], result["refreshed"], result["online"]) == ("guide_list", True, True)
    assert result["version"] == before + 1
