"""Staff's holiday calendar: ``legal-hub holidays``, the yearly CSV, slots that follow at once,
and the years the booking window reaches with no calendar at all.

2031 is used for entries on purpose: chinese-calendar has no data for it and these are test
inputs, not a year's real arrangement (none is shipped)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine

from hub.core.db import reading, writing
from hub.crud import holidays
from hub.crud.calendar import package_has_year, schedule_weekday
from tests.support.hub_bookings import by_day
from tests.support.hub_calendar import CSV_2031
from tests.support.zones import SHANGHAI

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def hub_data(tmp_path):
    env = {**os.environ, "HUB_DATA": str(tmp_path / "hub")}
    env.pop("HUB_DATABASE_URL", None)
    assert cli(env, "init").returncode == 0
    return env


def cli(env, *args):
    return subprocess.run(
        [sys.executable, "-m", "hub", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def listed(env, *args):
    result = cli(env, "holidays", "list", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_add_list_remove_by_the_command_line(hub_data):
    assert listed(hub_data, "--year", "2031") == {
        "year": 2031,
        "holidays": [],
        "calendar_known": False,
    }
    added = cli(hub_data, "holidays", "add", "2031-01-22", "--to", "2031-01-24", "--name", "测试节")
    assert json.loads(added.stdout)["added"] == ["2031-01-22", "2031-01-23", "2031-01-24"]
    assert cli(hub_data, "holidays", "add", "2031-01-25", "--workday").returncode == 0
    shown = listed(hub_data, "--year", "2031")
    assert shown["calendar_known"] is True
    assert [(h["date"], h["kind"], h["source"]) for h in shown["holidays"]] == [
        ("2031-01-22", "holiday", "staff"),
        ("2031-01-23", "holiday", "staff"),
        ("2031-01-24", "holiday", "staff"),
        ("2031-01-25", "workday", "staff"),
    ]
    assert cli(hub_data, "holidays", "remove", "2031-01-24").returncode == 0
    assert len(listed(hub_data)["holidays"]) == 3
    again = cli(hub_data, "holidays", "remove", "2031-01-24")
    assert again.returncode == 1 and "no staff entry" in again.stderr
    bad = cli(hub_data, "holidays", "add", "2031-13-01")
    assert bad.returncode == 1 and "not a date" in bad.stderr


def test_staff_entries_win_over_chinese_calendar(hub_data):
    # 2025-10-01 is National Day in the package; staff say it is a working day here.
    assert cli(hub_data, "holidays", "add", "2025-10-01", "--workday").returncode == 0
    rows = {h["date"]: h for h in listed(hub_data, "--year", "2025")["holidays"]}
    assert (rows["2025-10-01"]["kind"], rows["2025-10-01"]["source"]) == ("workday", "staff")
    assert (rows["2025-10-02"]["kind"], rows["2025-10-02"]["source"]) == (
        "holiday",
        "chinese-calendar",
    )


def test_a_yearly_csv_is_imported_whole_or_not_at_all(hub_data, tmp_path):
    good = tmp_path / "2031.csv"
    good.write_text(CSV_2031, encoding="utf-8")
    done = cli(hub_data, "holidays", "import", str(good))
    assert json.loads(done.stdout) == {"year": 2031, "imported": 3}
    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind,name\n2031-02-01,holiday,x\n2031-02-30,holiday,y\n", "utf-8")
    refused = cli(hub_data, "holidays", "import", str(bad))
    assert refused.returncode == 1
    assert "line 3 date: '2031-02-30' is not a date" in refused.stderr
    kinds = [(h["date"], h["kind"]) for h in listed(hub_data, "--year", "2031")["holidays"]]
    assert kinds == [
        ("2031-01-22", "holiday"),
        ("2031-01-23", "holiday"),
        ("2031-01-25", "workday"),
    ]


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        ("day,kind\n", [(1, "date", "missing column")]),
        ("date,kind\n2031-01-01,off\n", [(2, "kind", "must be holiday or workday (休 or 班)")]),
        ("date,kind\n2031-01-01,休\n2031-01-01,休\n", [(3, "date", "this day is listed twice")]),
        (
            "date,kind\n2031-12-31,休\n2032-01-01,休\n",
            [(1, "date", "one year per file, found [2031, 2032]")],
        ),
        ("date,kind\n", [(1, "date", "no rows")]),
    ],
)
def test_csv_errors_name_line_and_field(text, errors):
    _rows, found = holidays.parse_csv(text)
    assert [(e.line, e.field, e.reason) for e in found] == errors


def test_slots_follow_staff_entries_at_once(client, terminal, office_adviser, hub_env):
    def slot_days():
        with time_machine.travel(datetime(2031, 1, 20, 7, 0, tzinfo=SHANGHAI), tick=False):
            answer = client.get(
                "/api/v1/advisers/adv-office/slots?days=7", headers=terminal["headers"]
            )
        return sorted(by_day(answer.json()["slots"]))

    assert slot_days() == ["2031-01-20", "2031-01-21", "2031-01-22", "2031-01-23", "2031-01-24"]
    with writing(hub_env.engine) as conn:
        year, count, errors = holidays.import_csv(conn, CSV_2031)
    assert (year, count, errors) == (2031, 3, [])
    # 22 and 23 off; Saturday 25 worked with Monday's hours
    assert slot_days() == ["2031-01-20", "2031-01-21", "2031-01-24", "2031-01-25"]


def test_years_without_any_calendar_are_named(hub_env):
    assert package_has_year(2026) and not package_has_year(2031)
    with reading(hub_env.engine) as conn:
        assert holidays.uncovered_years(conn, date(2031, 1, 2), date(2031, 1, 17)) == [2031]
    with writing(hub_env.engine) as conn:
        holidays.add_days(conn, first=date(2031, 1, 1), name="测试")
    with reading(hub_env.engine) as conn:
        assert holidays.uncovered_years(conn, date(2031, 1, 2), date(2031, 1, 17)) == []
    assert schedule_weekday(date(2031, 1, 4), {date(2031, 1, 4): ("workday", "")}) == 0
