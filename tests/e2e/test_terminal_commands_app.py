"""Remote commands reaching the real app (``legal-kiosk run`` under Xvfb) from a real hub:

- a screenshot command: the app grabs its window and uploads the PNG; the terminal's admin page
  shows it (checked in headless Chromium, and saved for a person to look at);
- a restart command: the app stops by itself with exit code 0 (systemd's ``Restart=always``
  starts it again); started again, it reports both results and runs neither a second time.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time

import pytest
import requests
from PIL import Image

from kiosk.device.xvfb import Xvfb
from kiosk.remote.ledger import CommandLedger
from tests.support.e2e_steps import ROOT, enroll, kiosk_env, sync_here
from tests.support.hub_process import hub_process
from tests.support.screenshots import screenshot_dir
from tests.support.staff_web import TIMEOUT_S, staff_session

pytestmark = [pytest.mark.e2e, pytest.mark.ui, pytest.mark.slow]
APP_EXIT_S = 180
REPORTED_S = 120


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    with hub_process(tmp_path_factory.mktemp("hub-app-commands")) as running:
        yield running


def kiosk_folder(hub, tmp_path):
    from contract.demo import DEMO_TERMINALS

    data = tmp_path / "kiosk"
    terminal = next(t for t in DEMO_TERMINALS if t["name"] == hub.terminals[0])
    enrolled = enroll(hub, data, terminal["name"], cli=False)
    sync_here(data, hub.base_url)
    (data / "kiosk.toml").write_text(
        f'[terminal]\nname = "{terminal["name"]}"\nvillage = "{terminal["village"]}"\n'
        f"lat = {terminal['lat']}\nlng = {terminal['lng']}\n"
        '[speech]\nbackend = "none"\n[printer]\nbackend = "none"\n[video]\nbackend = "none"\n',
        encoding="utf-8",
    )
    return data, enrolled["terminal_id"]


def send(hub, terminal: str, command: str) -> str:
    return json.loads(hub.cli("terminal-command", terminal, command, "--json").stdout)["id"]


def listed(hub, terminal: str) -> dict[str, dict]:
    shown = json.loads(hub.cli("terminal-command", "--list", terminal, "--json").stdout)
    return {item["id"]: item for item in shown["commands"]}


def start_app(data, display: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--windowed", "--data", str(data)],
        cwd=ROOT,
        env=kiosk_env(data, DISPLAY=display),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop_app(app: subprocess.Popen) -> None:
    if app.poll() is None:
        app.terminate()
        try:
            app.wait(30)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait(10)


def ledger_states(data, ids) -> dict[str, str | None]:
    ledger = CommandLedger.open(data)
    try:
        return {i: ledger.state_of(i) for i in ids}
    finally:
        ledger.close()


def test_the_app_takes_a_screenshot_and_restarts_once(hub, tmp_path):
    data, terminal_id = kiosk_folder(hub, tmp_path)
    name = hub.terminals[0]
    shot, restart = send(hub, name, "screenshot"), send(hub, name, "restart")
    with Xvfb("1920x1080x24") as display:
        first = start_app(data, display)
        try:
            code = first.wait(APP_EXIT_S)  # the restart command stops it
        finally:
            stop_app(first)
        errors = first.stderr.read() if first.stderr else ""
        assert code == 0, errors[-3000:]
        assert set(ledger_states(data, [shot, restart]).values()) <= {"finished", "reported"}

        second = start_app(data, display)  # what systemd does after the stop
        try:
            deadline = time.monotonic() + REPORTED_S
            while time.monotonic() < deadline:
                results = listed(hub, name)
                if all(results[i]["state"] != "sent" for i in (shot, restart)):
                    break
                time.sleep(1)
            time.sleep(5)  # time enough for a second restart, were it to run again
            assert second.poll() is None, "the app restarted a second time"
        finally:
            stop_app(second)
    assert results[restart]["state"] == "done" and results[restart]["result"] == {
        "restarting": True
    }
    assert results[shot]["state"] == "done", results[shot]
    assert ledger_states(data, [shot, restart]) == {shot: "reported", restart: "reported"}

    staff = staff_session(hub, "admin")
    image_url = f"{hub.base_url}/admin/terminals/{terminal_id}/commands/{shot}/screenshot.png"
    served = staff.get(image_url, timeout=TIMEOUT_S)
    assert served.status_code == 200 and served.headers["content-type"] == "image/png"
    picture = Image.open(io.BytesIO(served.content))
    assert picture.size == (results[shot]["result"]["width"], results[shot]["result"]["height"])
    assert (
        len(picture.convert("RGB").getcolors(maxcolors=1 << 24)) > 16
    )  # the app's screen, not a blank grab
    assert requests.get(image_url, timeout=TIMEOUT_S, allow_redirects=False).status_code == 303
    page_shot(hub, terminal_id)


def page_shot(hub, terminal_id: str) -> None:
    """The terminal's page with the command list and the screenshot, in headless Chromium."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    from tests.support.chromium import launch, staff_page

    with playwright_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = staff_page(browser, hub, "admin", height=1400)
            page.goto(f"{hub.base_url}/admin/terminals/{terminal_id}#commands")
            section = page.locator("#commands")
            assert section.locator("img").evaluate("img => img.naturalWidth") > 0
            assert section.locator(".badge.ok").count() == 2
            section.screenshot(path=str(screenshot_dir() / "admin-terminal-commands.png"))
        finally:
            browser.close()
