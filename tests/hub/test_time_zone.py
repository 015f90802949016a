"""``HUB_TIMEZONE``: one zone for every time the hub shows and every duty hour it reads.

A real hub process started with ``HUB_TIMEZONE=Asia/Urumqi`` (UTC+6, two hours behind the
default Asia/Shanghai) is read over HTTP as people read it: slots, the phone page of a booking,
the staff admin. A bad zone name stops the hub at start; a report's days follow the zone.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import uuid
from datetime import datetime, time
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from contract.i18n import Translator
from hub.core.config import HubSettings, SettingsError
from hub.main import create_app
from tests.support.admin_app import login, staff_client
from tests.support.hub_process import hub_on_database
from tests.support.zones import SHANGHAI, URUMQI

ROOT = Path(__file__).resolve().parents[2]


class PageText(HTMLParser):
    """The text of every element with a ``data-test`` attribute, and of every ``<dd>``/``<td>``."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tagged: dict[str, str] = {}
        self.cells: list[str] = []
        self._open: list[tuple[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in ("dd", "td", "footer", "span", "p"):
            self._open.append((tag, dict(attrs).get("data-test")))
            self._text = ""

    def handle_data(self, data):
        if self._open:
            self._text += data

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            _tag, name = self._open.pop()
            text = " ".join(self._text.split())
            if name:
                self.tagged[name] = text
            if tag in ("dd", "td"):
                self.cells.append(text)
            self._text = ""


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def urumqi_hub(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"tz-{request.param}")
    with hub_on_database(request.param, folder, env={"HUB_TIMEZONE": "Asia/Urumqi"}) as (hub, _):
        yield hub


def _terminal(hub) -> httpx.Client:
    code = hub.codes[hub.terminals[0]]
    answer = httpx.post(hub.base_url + "/api/v1/enroll", json={"code": code}, timeout=10)
    assert answer.status_code == 200, answer.text
    token = answer.json()["token"]
    return httpx.Client(
        base_url=hub.base_url + "/api/v1", timeout=30, headers={"Authorization": f"Bearer {token}"}
    )


def _within_duty(moment: datetime, duty: list[dict]) -> bool:
    wall = moment.time()
    return any(time.fromisoformat(p["start"]) <= wall < time.fromisoformat(p["end"]) for p in duty)


@pytest.mark.slow
def test_a_hub_in_urumqi_shows_and_books_in_urumqi_time(urumqi_hub):
    hub = urumqi_hub
    api = _terminal(hub)
    content = json.loads(api.get("/content", params={"since": 0}).content)
    advisers = [a for a in content["changes"]["advisers"]["upsert"] if a["duty_hours"]]
    assert advisers, "the demo has advisers with duty hours"
    booked_adviser, first_free = None, None
    for adviser in advisers:
        slots = api.get(f"/advisers/{adviser['id']}/slots", params={"days": 14}).json()["slots"]
        starts = [datetime.fromisoformat(s["start"]) for s in slots]
        # Duty hours are Urumqi wall-clock hours: every slot lies inside one, written with +06:00
        assert all(s["start"].endswith("+06:00") and s["end"].endswith("+06:00") for s in slots)
        assert all(_within_duty(start, adviser["duty_hours"]) for start in starts), adviser["id"]
        period_starts = {time.fromisoformat(p["start"]) for p in adviser["duty_hours"]}
        assert not starts or {s.time() for s in starts} & period_starts
        free = [s for s in slots if s["free"]]
        if free and booked_adviser is None:
            booked_adviser, first_free = adviser["id"], free[-1]
    assert booked_adviser, "no adviser has a free slot in 14 days"

    answer = api.post(
        "/bookings",
        json={
            "adviser_id": booked_adviser,
            "start": first_free["start"],
            "name": "示例居民",
            "phone": "13900001234",
            "idempotency_key": uuid.uuid4().hex,
        },
    )
    assert answer.status_code == 201, answer.text
    booking = answer.json()
    assert (booking["start"], booking["end"]) == (first_free["start"], first_free["end"])
    start, end = (datetime.fromisoformat(booking[k]) for k in ("start", "end"))

    # The phone page of the booking
    page = PageText(httpx.get(booking["join_url"], timeout=10).text)
    weekday = Translator("zh_CN")(f"hub.weekday.{start.weekday()}")
    expected = f"{start.year}年{start.month}月{start.day}日（{weekday}）{start:%H:%M}–{end:%H:%M}"
    assert expected in page.cells, page.cells

    # The heartbeat's server time carries the zone's offset
    beat = api.post("/heartbeat", json={"version": "0.1.0", "content_version": 1, "queue": 0})
    assert beat.json()["server_time"].endswith("+06:00")

    # The staff admin: the page foot names the zone; the terminal's last heartbeat is in it
    with httpx.Client(base_url=hub.base_url, timeout=30, follow_redirects=False) as staff:
        assert login(staff, "admin", hub.passwords["admin"]).status_code == 303
        listing = staff.get("/admin/terminals")
        assert listing.status_code == 200
        text = PageText(listing.text)
        assert text.tagged["zone"] == "时间均按 Asia/Urumqi 显示"
        seen = datetime.fromisoformat(beat.json()["server_time"])
        assert any(cell.startswith(seen.strftime("%Y-%m-%d %H:")) for cell in text.cells), text
        assert not any(
            cell.startswith(seen.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:"))
            for cell in text.cells
        )


def test_an_unknown_zone_stops_the_hub_at_start_naming_the_setting(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "hub", "serve", "--port", "0"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HUB_DATA": str(tmp_path), "HUB_TIMEZONE": "Asia/Beijing"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "legal-hub: configuration error: HUB_TIMEZONE must be a time zone name such as "
        "Asia/Shanghai, not 'Asia/Beijing'"
    )
    assert not (tmp_path / "hub.db").exists()


@pytest.mark.parametrize("name", ["Asia/Beijing", "../../etc/passwd", "", "UTC+8"])
def test_bad_zone_names_are_refused_by_the_settings(name):
    with pytest.raises(SettingsError) as caught:
        HubSettings.from_env({"HUB_TIMEZONE": name})
    assert str(caught.value) == (
        f"HUB_TIMEZONE must be a time zone name such as Asia/Shanghai, not {name!r}"
    )


def test_the_default_zone_is_shanghai_and_others_are_read():
    assert HubSettings.from_env({}).zone.key == "Asia/Shanghai"
    assert HubSettings.from_env({"HUB_TIMEZONE": " Asia/Urumqi "}).zone == URUMQI


def _daily(client, first: str, last: str) -> list[list[str]]:
    answer = client.get(f"/admin/reports/export.csv?table=daily&from={first}&to={last}")
    assert answer.status_code == 200, answer.text
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8").lstrip("\ufeff"))))


def test_a_reports_days_follow_the_zone(hub_env, demo, client, terminal):
    # 23:30 in Urumqi on the 20th is 01:30 on the 21st in Shanghai (17:30 UTC on the 20th)
    late = {"id": str(uuid.uuid4()), "type": "session.start", "props": {},
            "at": "2026-11-20T23:30:00+06:00"}  # fmt: skip
    accepted = client.post("/api/v1/events", headers=terminal["headers"], json={"events": [late]})
    assert accepted.json()["accepted"] == [late["id"]]
    urumqi = hub_env.settings.model_copy(update={"timezone": "Asia/Urumqi"})
    in_urumqi = staff_client(create_app(urumqi, engine=hub_env.engine), demo, "viewer")
    in_shanghai = staff_client(create_app(hub_env.settings, engine=hub_env.engine), demo, "viewer")
    assert _daily(in_urumqi, "2026-11-20", "2026-11-21")[1:] == [
        ["2026-11-20", "1"],
        ["2026-11-21", "0"],
    ]
    assert _daily(in_shanghai, "2026-11-20", "2026-11-21")[1:] == [
        ["2026-11-20", "0"],
        ["2026-11-21", "1"],
    ]
    # a one-day period ends at that day's local midnight: the event is inside it in Urumqi only
    assert _daily(in_urumqi, "2026-11-20", "2026-11-20")[1:] == [["2026-11-20", "1"]]
    assert _daily(in_shanghai, "2026-11-20", "2026-11-20")[1:] == [["2026-11-20", "0"]]
