"""The holidays page: staff enter days and import a year; the dashboard, the terminals page and
the holidays page say in red when the booking window reaches a year with no calendar.
Dates of 2031 are test inputs (chinese-calendar has no data for that year)."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from hub.core.db import reading
from hub.crud.holidays import staff_days
from hub.main import create_app
from tests.support.admin_app import post_form, staff_client
from tests.support.hub_calendar import CSV_2031
from tests.support.zones import SHANGHAI

GAP = 'data-test="calendar-gap"'


@pytest.fixture
def app(hub_env):
    return create_app(hub_env.settings, engine=hub_env.engine)


@pytest.fixture
def admin(app, demo):
    return staff_client(app, demo, "admin")


def test_a_year_with_no_calendar_in_the_window_is_named_in_red(app, demo):
    with time_machine.travel(datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI), tick=False):
        admin = staff_client(app, demo, "admin")
        for url in ("/admin", "/admin/terminals", "/admin/holidays"):
            assert GAP not in admin.get(url).text, url
    # 28 days from 20 Dec 2030 reach into 2031, which has no data and no entries
    with time_machine.travel(datetime(2030, 12, 20, 10, 0, tzinfo=SHANGHAI), tick=False):
        admin = staff_client(app, demo, "admin")
        for url in ("/admin", "/admin/terminals", "/admin/holidays"):
            page = admin.get(url)
            assert page.status_code == 200, url
            assert GAP in page.text and "2031 年没有节假日安排" in page.text, url


def test_staff_add_remove_and_import_on_the_page(admin, hub_env):
    added = post_form(
        admin,
        "/admin/holidays",
        "/admin/holidays",
        {"day": "2031-01-22", "to": "2031-01-23", "name": "测试节"},
    )
    assert (added.status_code, added.headers["location"]) == (
        303,
        "/admin/holidays?year=2031&done=stored",
    )
    page = admin.get("/admin/holidays?year=2031").text
    assert page.count("本单位录入") == 2 and "测试节" in page
    removed = post_form(
        admin, "/admin/holidays?year=2031", "/admin/holidays/remove", {"day": "2031-01-23"}
    )
    assert removed.status_code == 303
    with reading(hub_env.engine) as conn:
        assert list(staff_days(conn)) == [datetime(2031, 1, 22).date()]
    bad = post_form(
        admin,
        "/admin/holidays",
        "/admin/holidays/import",
        files={"file": ("2031.csv", b"date,kind\n2031-01-01,off\n", "text/csv")},
    )
    assert bad.status_code == 422 and "must be holiday or workday" in bad.text
    good = post_form(
        admin,
        "/admin/holidays",
        "/admin/holidays/import",
        files={"file": ("2031.csv", CSV_2031.encode(), "text/csv")},
    )
    assert good.status_code == 200 and "调休上班" in good.text
    with reading(hub_env.engine) as conn:
        assert [(d.isoformat(), k) for d, (k, _n) in staff_days(conn).items()] == [
            ("2031-01-22", "holiday"),
            ("2031-01-23", "holiday"),
            ("2031-01-25", "workday"),
        ]


def test_viewers_cannot_change_holidays(app, demo):
    viewer = staff_client(app, demo, "viewer")
    assert viewer.get("/admin/holidays").status_code == 403
