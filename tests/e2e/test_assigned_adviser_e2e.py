"""The adviser staff assign to a terminal is the one it lists first (issue 14, "demo that hangs
together"): a real hub process, the terminal enrolled and synced with the real ``legal-kiosk``
commands in a clean environment, and an admin changing the assignment in the admin's terminal
form over real HTTP, as staff would.

- the demo terminal lists the demo adviser login's adviser first (its name heads the adviser's
  own "… 的预约" page), although the village's advisers alone sort another one first;
- assigning another adviser in the admin moves them to the top after one ``legal-kiosk sync``;
  reassigning moves the new one; removing the assignment gives back the village order.
"""

from __future__ import annotations

import json
import re

import pytest

from contract.demo import DEMO_TERMINALS
from tests.support.e2e_steps import kiosk_cli, kiosk_env
from tests.support.hub_process import hub_process
from tests.support.staff_web import TIMEOUT_S, form_values, staff_session

pytestmark = pytest.mark.e2e

PLACE = DEMO_TERMINALS[0]  # 新都区桂湖社区: its village is served by 张 and 王 (张 sorts first)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    with hub_process(tmp_path_factory.mktemp("hub-assigned")) as running:
        yield running


@pytest.fixture
def terminal(hub, tmp_path):
    """A kiosk data folder placed where the demo terminal stands, enrolled by the CLI."""
    data = tmp_path / "kiosk"
    data.mkdir()
    (data / "kiosk.toml").write_text(
        "[terminal]\n"
        f'name = "{PLACE["name"]}"\nvillage = "{PLACE["village"]}"\n'
        f'lat = {PLACE["lat"]}\nlng = {PLACE["lng"]}\ndatum = "{PLACE["datum"]}"\n',
        encoding="utf-8",
    )
    code = hub.new_code(PLACE["name"])
    enrolled = json.loads(kiosk_cli(data, "enroll", "--hub", hub.base_url, "--code", code).stdout)
    return data, enrolled["terminal_id"]


def listed_after_sync(data) -> list[str]:
    """``legal-kiosk sync`` once, then the advisers the booking screen lists, in its order."""
    synced = json.loads(kiosk_cli(data, "sync").stdout)
    assert synced["status"] in ("updated", "unchanged"), synced
    from kiosk.booking.advisers import advisers_for_terminal
    from kiosk.config import load_config
    from kiosk.store import ContentStore

    config = load_config(data_dir=data, environ=kiosk_env(data))
    with ContentStore.open(data) as store:
        return [a["name"] for a in advisers_for_terminal(store, config.terminal)]


def assign(hub, staff, terminal_id: str, adviser_name: str | None) -> None:
    """The admin opens the terminal's form, picks the adviser by name (or none) and saves."""
    url = f"{hub.base_url}/admin/terminals/{terminal_id}"
    page = staff.get(url, timeout=TIMEOUT_S)
    assert page.status_code == 200, page.text[:300]
    options = dict(
        (label, value)
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', page.text)
    )
    choice = options[adviser_name] if adviser_name else ""
    values = {**form_values(page.text, f"/admin/terminals/{terminal_id}"), "adviser_id": choice}
    saved = staff.post(url, data=values, timeout=TIMEOUT_S)
    assert saved.status_code == 200 and saved.url.endswith("?done=stored"), saved.text[:300]


def test_the_demo_adviser_login_is_the_adviser_the_demo_terminal_lists_first(hub, terminal):
    data, _terminal_id = terminal
    adviser = staff_session(hub, "adviser")
    own_page = adviser.get(f"{hub.base_url}/admin/my", timeout=TIMEOUT_S)
    assert own_page.status_code == 200, own_page.text[:300]
    (heading,) = re.findall(r"<h1>([^<]+)</h1>", own_page.text)
    listed = listed_after_sync(data)
    assert heading.startswith(listed[0]), (heading, listed)
    assert listed[0] == "王律师（示例）"


def test_assign_in_the_admin_then_sync_lists_that_adviser_first(hub, terminal):
    data, terminal_id = terminal
    staff = staff_session(hub, "admin")
    village_order = ["张律师（示例）", "王律师（示例）", "何老师（示例）"]
    try:
        assign(hub, staff, terminal_id, "何老师（示例）")
        assert listed_after_sync(data) == ["何老师（示例）", "张律师（示例）", "王律师（示例）"]
        assign(hub, staff, terminal_id, "王律师（示例）")
        assert listed_after_sync(data) == ["王律师（示例）", "张律师（示例）", "何老师（示例）"]
        assign(hub, staff, terminal_id, None)
        assert listed_after_sync(data) == village_order
    finally:
        assign(hub, staff, terminal_id, "王律师（示例）")  # the demo's own assignment
