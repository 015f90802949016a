"""Quarter and year views of the ledger against the standard add up the months (each item by its
own period), on the page, in ``legal-hub ledger --quarter/--year --json`` and in the district
summary CSV for assessment (one row per adviser, every item's done / required / met)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date, datetime

import pytest

from hub.core.db import reading, writing
from hub.crud.ledger_periods import parse_view
from hub.crud.period_ledger import combine_items, period_ledger
from hub.crud.service_ledger import service_ledger
from hub.crud.standards import Item, save_standard
from hub.crud.work_log import add_entry
from hub.main import create_app
from tests.support.admin_app import sqlite_only, staff_client
from tests.support.work_log_steps import held_booking, ledger_page_figures
from tests.support.zones import SHANGHAI

ITEMS = [
    Item("duty", "count", 1, "week"),
    Item("any", "hours", 4, "month"),
    Item("lecture", "count", 1, "quarter"),
    Item("report", "count", 1, "year"),
]
# (service, day, minutes, people) of adviser adv-a (institution in 绵阳市)
ENTRIES = [
    ("duty", date(2026, 10, 6), 150, 3),
    ("duty", date(2026, 10, 13), 150, 2),
    ("lecture", date(2026, 10, 20), 60, 40),
    ("duty", date(2026, 11, 3), 100, 1),
    ("visit", date(2026, 11, 10), 200, 2),
    ("duty", date(2026, 12, 1), 50, 0),
    ("lecture", date(2026, 3, 9), 90, 25),
    ("report", date(2026, 12, 28), 30, 0),
]
Q4 = parse_view("quarter", "2026-Q4", zone=SHANGHAI)
YEAR = parse_view("year", "2026", zone=SHANGHAI)


@pytest.fixture
def seeded(hub_env):
    written = datetime(2026, 12, 30, 20, 0, tzinfo=SHANGHAI)
    with writing(hub_env.engine) as conn:
        save_standard(
            conn, district="绵阳市", name="季度测试标准（示例）", village_limit=None, items=ITEMS
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
                "outcome": "=SUM(A1)",
                "note": "",
            }
            add_entry(conn, adviser_id="adv-a", author_id=None, values=values, now=written)
        for n, day in enumerate((date(2026, 11, 12), date(2026, 12, 3))):
            start = datetime(day.year, day.month, day.day, 10, 0, tzinfo=SHANGHAI)
            held_booking(conn, adviser_id="adv-a", start=start, minutes=30, key=f"q{n}")
    return hub_env


def _months(conn, view):
    return [service_ledger(conn, month=m, district="绵阳市") for m in view.months]


def _adv_a(rows):
    return next(r for r in rows if r["adviser_id"] == "adv-a")


def test_a_quarter_adds_up_its_months_item_by_item(seeded):
    with reading(seeded.engine) as conn:
        months = [_adv_a(rows) for rows in _months(conn, Q4)]
        quarter = _adv_a(period_ledger(conn, view=Q4, district="绵阳市"))
    items = {i["item"]: i for i in quarter["items"]}
    monthly = [{i["item"]: i for i in m["items"]} for m in months]
    # week and month items: the sums of the months, met only when every month is
    for key in ("duty.count.week", "any.hours.month"):
        assert items[key]["required"] == sum(m[key]["required"] for m in monthly)
        assert items[key]["done"] == pytest.approx(sum(m[key]["done"] for m in monthly))
        assert items[key]["met"] is all(m[key]["met"] for m in monthly)
    # worked out by hand: weeks with a Thursday in Oct (5), Nov (4), Dec (5); duty in 4 of them
    assert items["duty.count.week"] == {
        "item": "duty.count.week",
        "required": 14,
        "done": 4,
        "met": False,
    }
    # on-site hours (kiosk calls never count for "any"): Oct 6 h, Nov 5 h, Dec 1.33 h
    assert items["any.hours.month"]["done"] == pytest.approx(6 + 5 + 1.3)
    # a quarter item in a quarter: its December figure (counted from October)
    assert items["lecture.count.quarter"] == {
        "item": "lecture.count.quarter",
        "required": 1,
        "done": 1,
        "met": True,
    }
    assert items["report.count.year"] == monthly[2]["report.count.year"]
    assert quarter["hours"] == pytest.approx(sum(m["hours"] for m in months))
    assert quarter["people"] == sum(m["people"] for m in months) == 48
    assert (quarter["consultations"], quarter["met"]) == (2, False)


def test_a_year_adds_up_its_quarters_for_quarter_items(seeded):
    with reading(seeded.engine) as conn:
        year = _adv_a(period_ledger(conn, view=YEAR, district="绵阳市"))
        quarters = [
            _adv_a(
                period_ledger(
                    conn, view=parse_view("quarter", f"2026-Q{n}", zone=SHANGHAI), district="绵阳市"
                )
            )
            for n in range(1, 5)
        ]
    items = {i["item"]: i for i in year["items"]}
    by_quarter = [{i["item"]: i for i in q["items"]} for q in quarters]
    for key in ("duty.count.week", "any.hours.month", "lecture.count.quarter"):
        assert items[key]["required"] == sum(q[key]["required"] for q in by_quarter), key
        assert items[key]["done"] == pytest.approx(sum(q[key]["done"] for q in by_quarter)), key
    # lectures in Q1 and Q4 only: 2 of 4 quarters, short
    assert items["lecture.count.quarter"] == {
        "item": "lecture.count.quarter",
        "required": 4,
        "done": 2,
        "met": False,
    }
    assert items["report.count.year"] == {
        "item": "report.count.year",
        "required": 1,
        "done": 1,
        "met": True,
    }
    assert year["hours"] == pytest.approx(sum(q["hours"] for q in quarters))
    assert year["people"] == sum(q["people"] for q in quarters) == 73


def test_an_item_not_due_in_the_view_stays_not_due():
    # a year item in Q1: short and the year runs on
    assert combine_items(
        [
            (m, [{"item": "report.count.year", "required": 1, "done": 0, "met": None}])
            for m in (1, 2, 3)
        ]
    ) == [{"item": "report.count.year", "required": 1, "done": 0, "met": None}]


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


def test_the_page_and_the_cli_show_the_same_quarter(seeded, demo):
    app = create_app(seeded.settings, engine=seeded.engine)
    page = staff_client(app, demo, "viewer").get(
        "/admin/ledger/standards?kind=quarter&period=2026-Q4&district=绵阳市"
    )
    assert page.status_code == 200 and "服务标准台账（2026-Q4）" in page.text
    shown = ledger_page_figures(page.text)
    done = _cli(seeded, "--quarter", "2026-Q4", "--district", "绵阳市", "--json")
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert set(printed) == {"quarter", "advisers"} and printed["quarter"] == "2026-Q4"
    with reading(seeded.engine) as conn:
        expected = period_ledger(conn, view=Q4, district="绵阳市")
    assert printed["advisers"] == [
        {k: r[k] for k in ("adviser_id", "name", "items", "hours", "met")} for r in expected
    ]
    for adviser in printed["advisers"]:
        card = shown[adviser["adviser_id"]]
        assert card["hours"] == str(adviser["hours"])
        assert card["items"] == {
            i["item"]: (str(i["done"]), str(i["required"])) for i in adviser["items"]
        }
    year = json.loads(_cli(seeded, "--year", "2026", "--json").stdout)
    assert year["year"] == "2026" and set(year) == {"year", "advisers"}
    month = json.loads(_cli(seeded, "--month", "2026-11", "--json").stdout)
    assert set(month) == {"month", "advisers"}  # the month's shape is unchanged


@sqlite_only
@pytest.mark.parametrize(
    "args",
    [("--quarter", "2026-Q5"), ("--year", "26"), ("--month", "2026-11", "--year", "2026"), ()],
)
def test_bad_views_exit_with_a_sentence(seeded, args):
    done = _cli(seeded, *args, "--json")
    assert done.returncode != 0 and done.stdout == ""
    assert done.stderr.strip()


def test_the_district_summary_csv_has_one_row_per_adviser(seeded, demo):
    app = create_app(seeded.settings, engine=seeded.engine)
    answer = staff_client(app, demo, "editor").get(
        "/admin/ledger/standards/export.csv?kind=quarter&period=2026-Q4&district=绵阳市"
    )
    assert answer.status_code == 200 and answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    with reading(seeded.engine) as conn:
        expected = period_ledger(conn, view=Q4, district="绵阳市")
    assert rows[0][:7] == [
        "顾问编号",
        "姓名",
        "地区",
        "服务标准",
        "值班·次/周 完成",
        "值班·次/周 要求",
        "值班·次/周 情况",
    ]
    assert rows[0][-6:] == [
        "服务时长（小时）",
        "服务人数",
        "一体机咨询",
        "评价人数",
        "平均评分",
        "总体",
    ]
    assert len(rows[0]) == 4 + 3 * len(ITEMS) + 6
    assert [r[0] for r in rows[1:]] == [r["adviser_id"] for r in expected]
    mine = rows[1 + [r["adviser_id"] for r in expected].index("adv-a")]
    assert mine[:7] == [
        "adv-a",
        "王律师（示例）",
        _adv_a(expected)["district"],
        "季度测试标准（示例）",
        "4",
        "14",
        "未达标",
    ]
    assert mine[-6:] == [str(_adv_a(expected)["hours"]), "48", "2", "0", "", "未达标"]
    page = (
        staff_client(app, demo, "viewer")
        .get("/admin/ledger/standards?kind=quarter&period=2026-Q4&district=绵阳市")
        .text
    )
    assert (
        'href="/admin/ledger/standards/export.csv?kind=quarter&amp;period=2026-Q4&amp;district='
        in page
    )


@sqlite_only
def test_the_summary_is_for_readers_of_reports_and_checks_the_period(seeded, demo):
    app = create_app(seeded.settings, engine=seeded.engine)
    url = "/admin/ledger/standards/export.csv?kind=year&period=2026"
    assert staff_client(app, demo, "adviser").get(url).status_code == 403
    assert staff_client(app, demo, "viewer").get(url).status_code == 200
    bad = staff_client(app, demo, "viewer").get(
        "/admin/ledger/standards/export.csv?kind=quarter&period=2026-11"
    )
    assert bad.status_code == 422 and "季度写作 2026-Q4" in bad.text
    for query in ("kind=week", "kind=quarter&period=2026-Q0", "kind=year&period=２０２６"):
        answer = staff_client(app, demo, "viewer").get(f"/admin/ledger/standards?{query}")
        assert answer.status_code == 422, query
