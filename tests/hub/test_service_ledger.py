"""The ledger against the district's standard: work-log entries and kiosk consultations, each
counted once, by week, month and longer periods; the admin page and ``legal-hub ledger --json``
(a subprocess on the same database, clean environment) show the same figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime

import pytest

from hub.core.db import reading, writing
from hub.crud.service_ledger import ledger_json, parse_month, service_ledger, weeks_of
from hub.crud.standards import Item, save_standard
from hub.crud.work_log import add_entry
from hub.main import create_app
from tests.support.admin_app import sqlite_only, staff_client
from tests.support.work_log_steps import held_booking, ledger_page_figures
from tests.support.zones import SHANGHAI

NOVEMBER = parse_month("2026-11", zone=SHANGHAI)
ITEMS = [
    Item("duty", "count", 1, "week"),
    Item("visit", "count", 1, "month"),
    Item("consultation", "count", 2, "month"),
    Item("any", "hours", 8, "month"),
    Item("any", "days", 4, "month"),
    Item("lecture", "count", 1, "quarter"),
    Item("risk_check", "count", 1, "quarter"),
]
# (service, day, minutes, people) of adviser adv-a
ENTRIES = [
    ("duty", date(2026, 11, 3), 120, 5),
    ("duty", date(2026, 11, 4), 60, 0),  # same week as the 3rd: the week needs one
    ("duty", date(2026, 11, 17), 180, 1),
    ("visit", date(2026, 11, 10), 90, 2),
    ("lecture", date(2026, 10, 20), 60, 40),  # October: the quarter's, not November's hours
    ("report", date(2026, 11, 30), 30, 0),  # its week belongs to December
]
# Worked out by hand. Weeks of November 2026 (Thursday in the month): 2-8, 9-15, 16-22, 23-29.
EXPECTED_A = {
    "adviser_id": "adv-a",
    "name": "王律师（示例）",
    "items": [
        {"item": "duty.count.week", "required": 4, "done": 2, "met": False},
        {"item": "visit.count.month", "required": 1, "done": 1, "met": True},
        {"item": "consultation.count.month", "required": 2, "done": 1, "met": False},
        {"item": "any.hours.month", "required": 8, "done": 8, "met": True},
        {"item": "any.days.month", "required": 4, "done": 5, "met": True},
        {"item": "lecture.count.quarter", "required": 1, "done": 1, "met": True},
        {"item": "risk_check.count.quarter", "required": 1, "done": 0, "met": None},
    ],
    "hours": 8.4,  # 480 logged + 25 on the kiosk = 505 minutes
    "met": False,
}


@pytest.fixture
def seeded(hub_env):
    now = datetime(2026, 11, 30, 20, 0, tzinfo=SHANGHAI)
    with writing(hub_env.engine) as conn:
        save_standard(
            conn, district="绵阳市", name="绵阳测试标准（示例）", village_limit=3, items=ITEMS
        )
        for service, day, minutes, people in ENTRIES:
            values = {
                "service": service,
                "village": "示例社区",
                "day": day,
                "start": None,
                "end": None,
                "minutes": minutes,
                "people": people,
                "outcome": "",
                "note": "",
            }
            add_entry(conn, adviser_id="adv-a", author_id=None, values=values, now=now)
        start = datetime(2026, 11, 12, 10, 0, tzinfo=SHANGHAI)
        held_booking(conn, adviser_id="adv-a", start=start, minutes=25, key="ledger-held")
    return hub_env


def _cli(hub_env, *args: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ["PATH"], "HUB_DATA": str(hub_env.settings.data_dir)}
    if hub_env.settings.database_url:
        env["HUB_DATABASE_URL"] = hub_env.settings.database_url
    return subprocess.run(
        [sys.executable, "-m", "hub", "ledger", *args],
        cwd=hub_env.settings.data_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_weeks_of_a_month_each_belong_to_one_month():
    assert [(w.first.isoformat(), w.last.isoformat()) for w in weeks_of(NOVEMBER)] == [
        ("2026-11-02", "2026-11-08"),
        ("2026-11-09", "2026-11-15"),
        ("2026-11-16", "2026-11-22"),
        ("2026-11-23", "2026-11-29"),
    ]
    december = weeks_of(parse_month("2026-12", zone=SHANGHAI))
    assert december[0].first == date(2026, 11, 30) and len(december) == 5


def test_the_ledger_counts_log_and_kiosk_work_once_against_the_standard(seeded):
    with reading(seeded.engine) as conn:
        report = ledger_json(service_ledger(conn, month=NOVEMBER, district="绵阳市"), NOVEMBER)
    assert report["month"] == "2026-11"
    by_id = {a["adviser_id"]: a for a in report["advisers"]}
    assert by_id["adv-a"] == EXPECTED_A
    assert by_id["adv-b"]["items"][0] == {
        "item": "duty.count.week",
        "required": 4,
        "done": 0,
        "met": False,
    }
    assert (by_id["adv-b"]["hours"], by_id["adv-b"]["met"]) == (0, False)


def test_the_page_and_the_cli_show_the_same_figures(seeded, demo):
    app = create_app(seeded.settings, engine=seeded.engine)
    page = staff_client(app, demo, "viewer").get("/admin/ledger/standards?month=2026-11")
    assert page.status_code == 200
    shown = ledger_page_figures(page.text)
    done = _cli(seeded, "--month", "2026-11", "--district", "绵阳市", "--json")
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert set(printed) == {"month", "advisers"}
    assert printed["advisers"][[a["adviser_id"] for a in printed["advisers"]].index("adv-a")] == (
        EXPECTED_A
    )
    for adviser in printed["advisers"]:
        assert set(adviser) == {"adviser_id", "name", "items", "hours", "met"}
        card = shown[adviser["adviser_id"]]
        assert card["hours"] == str(adviser["hours"])
        assert card["items"] == {
            i["item"]: (str(i["done"]), str(i["required"])) for i in adviser["items"]
        }
    # short items are red (class "short"), the adviser is marked short
    # adv-a: duty and consultation; adv-b: every item due this month (the quarterly ones are not)
    assert page.text.count('<tr class="short"') == 2 + 5
    assert 'data-test="short"' in page.text


@sqlite_only
def test_the_demo_standards_apply_by_district_prefix(hub_env, demo):
    # the fixture's advisers are in 绵阳市涪城区: no demo standard there
    with reading(hub_env.engine) as conn:
        rows = service_ledger(conn, month=NOVEMBER)
    assert {r["adviser_id"]: (r["met"], r["items"]) for r in rows} == {
        "adv-a": (None, []),
        "adv-b": (None, []),
    }
    printed = json.loads(_cli(hub_env, "--month", "2026-11", "--json").stdout)
    assert [a["met"] for a in printed["advisers"]] == [None, None]
    assert json.loads(
        _cli(hub_env, "--month", "2026-11", "--district", "宁波市", "--json").stdout
    ) == {
        "month": "2026-11",
        "advisers": [],
    }


@sqlite_only
@pytest.mark.parametrize("month", ["2026-13", "2026-1", "11/2026", "２０２６-１１", ""])
def test_a_bad_month_is_refused_with_a_sentence(hub_env, demo, month):
    done = _cli(hub_env, "--month", month, "--json")
    assert done.returncode != 0 and done.stdout == ""
    assert "YYYY-MM" in done.stderr or "2026-11" in done.stderr


@sqlite_only
def test_the_ledger_page_is_for_readers_of_reports(hub_env, demo):
    app = create_app(hub_env.settings, engine=hub_env.engine)
    assert staff_client(app, demo, "adviser").get("/admin/ledger/standards").status_code == 403
    bad = staff_client(app, demo, "editor").get("/admin/ledger/standards?month=2026-13")
    assert bad.status_code == 422
