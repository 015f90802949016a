"""Reports from real ingested events and bookings: numbers, top/zero-result searches, CSV, ledger, SVG."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import update

from hub.core.db import writing
from hub.crud.bookings import NewBooking, create_booking
from hub.main import create_app
from hub.models.tables import bookings
from tests.support.admin_app import sqlite_only, staff_client
from tests.support.zones import SHANGHAI

DAY = "2026-11-20"
PERIOD = f"from={DAY}&to={DAY}"


def _event(event_type: str, hour: int, **props) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "at": f"{DAY}T{hour:02d}:10:00+08:00",
        "props": props,
    }


EVENTS = [
    _event("session.start", 9, lang="zh_CN"),
    _event("session.start", 10),
    _event("session_start", 11),
    _event("session.end", 9, length_s=120),
    _event("session.end", 10, length_s=60),
    _event("article.view", 9, article_id="art-divorce"),
    _event("article.view", 10, article_id="art-divorce"),
    _event("article.view", 11, article_id="art-wages"),
    _event("search", 9, query="离婚", results=3, mode="pinyin"),
    _event("search", 10, query="离婚 ", results=2),
    _event("search", 10, query="宅基地", results=0),
    _event("search", 11, query="宅基地", result_count=0),
    _event("search", 11, query_len=2, results=0),  # no query text: counts, but has no words to list
    _event("nearby.list", 9, type="all", results=4),
    _event("qr.show", 9, kind="article"),
    _event("ticket.print", 9, kind="booking", ok=True),
    _event("ticket.print", 9, kind="booking", ok=False),
    _event("rating", 12, stars=4),
    _event("search", 12, query="=HYPERLINK(1)", results=1),
    _event("search", 9, query="不在时段内", results=0) | {"at": "2026-11-19T09:00:00+08:00"},
]


@pytest.fixture
def viewer(hub_env, demo, client, terminal):
    answer = client.post("/api/v1/events", headers=terminal["headers"], json={"events": EVENTS})
    assert len(answer.json()["accepted"]) == len(EVENTS)
    start = datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)
    outcomes = [
        ("held", 5, "已解答，建议调解"),
        ("no_show", None, ""),
        ("referred", None, "转法律援助中心"),
        ("cancelled", None, ""),
        ("booked", None, ""),
    ]
    with writing(hub_env.engine) as conn:
        for index, (status, rating, note) in enumerate(outcomes):
            slot = start + timedelta(minutes=30 * index)
            row = create_booking(
                conn,
                NewBooking(
                    terminal_id=terminal["terminal_id"],
                    adviser_id="adv-a",
                    start=slot,
                    end=slot + timedelta(minutes=30),
                    name="示例群众",
                    phone="13800000000",
                    topic="示例",
                    idempotency_key=f"k{index}",
                ),
            )
            values = {"status": status, "rating": rating, "outcome_note": note}
            if status == "held":
                values |= {"call_started_at": slot, "call_ended_at": slot + timedelta(minutes=25)}
            conn.execute(update(bookings).where(bookings.c.id == row["id"]).values(**values))
    return staff_client(create_app(hub_env.settings, engine=hub_env.engine), demo, "viewer")


def _csv(answer) -> list[list[str]]:
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8").lstrip("\ufeff"))))


def test_report_numbers(viewer):
    page = viewer.get(f"/admin/reports?{PERIOD}")
    assert page.status_code == 200
    for key, value in {
        "sessions": "3",
        "avg_session": "1:30",
        "searches": "6",
        "zero_searches": "3",
        "bookings": "4",
        "held": "1",
        "no_show": "1",
        "avg_rating": "4.5 (2)",
    }.items():
        assert f'data-test="{key}">{value}<' in page.text, key
    assert page.text.count("<svg") == 4 and "<script" not in page.text
    assert "协议离婚要准备什么" in page.text and "宅基地" in page.text


def test_report_csv_tables(viewer):
    summary = dict(_csv(viewer.get(f"/admin/reports/export.csv?table=summary&{PERIOD}"))[1:])
    assert (
        summary["sessions"] == "3" and summary["article_views"] == "3" and summary["nearby"] == "1"
    )
    assert (
        summary["qr_shows"] == "1" and summary["prints"] == "1" and summary["call_minutes"] == "25"
    )
    assert summary["referred"] == "1" and summary["cancelled"] == "1"
    assert _csv(viewer.get(f"/admin/reports/export.csv?table=articles&{PERIOD}")) == [
        ["article", "count"],
        ["协议离婚要准备什么", "2"],
        ["被拖欠工资怎么办", "1"],
    ]
    assert _csv(viewer.get(f"/admin/reports/export.csv?table=searches&{PERIOD}")) == [
        ["query", "count"],
        ["离婚", "2"],
        ["宅基地", "2"],
        ["'=hyperlink(1)", "1"],
    ]
    assert _csv(viewer.get(f"/admin/reports/export.csv?table=zero_searches&{PERIOD}")) == [
        ["query", "count"],
        ["宅基地", "2"],
    ]
    assert _csv(viewer.get(f"/admin/reports/export.csv?table=daily&{PERIOD}")) == [
        ["day", "sessions"],
        [DAY, "3"],
    ]
    per_terminal = _csv(viewer.get(f"/admin/reports/export.csv?table=terminals&{PERIOD}"))
    assert per_terminal[0][-7:-3] == ["now_calls", "now_held", "calls_held", "call_minutes"]
    assert per_terminal[1] == [
        "测试终端甲",
        "成都市新都区",
        "3",
        "3",
        "6",
        "4",
        "1",
        "1",
        "0",
        "0",
        "1",
        "25",
        "0",
        "0",
        "0",
    ]


def test_report_filters_by_district_and_terminal(viewer):
    other = viewer.get(f"/admin/reports?{PERIOD}&district=绵阳市涪城区")
    assert 'data-test="sessions">0<' in other.text and 'data-test="bookings">0<' in other.text
    own = viewer.get(f"/admin/reports?{PERIOD}&district=成都市新都区")
    assert 'data-test="sessions">3<' in own.text


@sqlite_only
@pytest.mark.parametrize(
    "query", ["from=2026-11-21&to=2026-11-20", "from=2024-01-01&to=2026-11-20", "from=yesterday"]
)
def test_bad_period(hub_env, demo, query):
    viewer = staff_client(create_app(hub_env.settings, engine=hub_env.engine), demo, "viewer")
    answer = viewer.get(f"/admin/reports?{query}")
    assert answer.status_code == 422
    assert "统计时段不对" in answer.text


def test_ledger_month(viewer):
    page = viewer.get("/admin/ledger?month=2026-11")
    assert (
        page.status_code == 200 and "法律顾问工作台账 2026-11" in page.text and "<svg" in page.text
    )
    rows = _csv(viewer.get("/admin/ledger/export.csv?month=2026-11"))
    assert rows[0] == [
        "adviser_id",
        "name",
        "bookings",
        "held",
        "no_show",
        "referred",
        "cancelled",
        "now_calls",
        "now_held",
        "now_referred",
        "now_missed",
        "call_minutes",
        "avg_call_minutes",
        "notes",
        "ratings",
        "avg_rating",
    ]
    assert [
        "adv-a",
        "王律师（示例）",
        "4",
        "1",
        "1",
        "1",
        "1",
        "0",
        "0",
        "0",
        "0",
        "25",
        "25.0",
        "2",
        "1",
        "5.0",
    ] in rows
    assert [
        "adv-b",
        "李律师（示例）",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "",
        "0",
        "0",
        "",
    ] in rows
    december = _csv(viewer.get("/admin/ledger/export.csv?month=2026-12"))
    assert all(row[2] == "0" for row in december[1:])
    assert viewer.get("/admin/ledger?month=2026-13").status_code == 422


def test_adviser_sees_only_own_bookings_masked(hub_env, demo, viewer, terminal):
    soon = datetime.now(SHANGHAI).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    with writing(hub_env.engine) as conn:
        for adviser_id, name in (("adv-a", "赵小明"), ("adv-b", "钱小红")):
            create_booking(
                conn,
                NewBooking(
                    terminal_id=terminal["terminal_id"],
                    adviser_id=adviser_id,
                    start=soon,
                    end=soon + timedelta(minutes=30),
                    name=name,
                    phone="13900001234",
                    topic="工资",
                    idempotency_key=f"soon-{adviser_id}",
                ),
            )
    adviser = staff_client(create_app(hub_env.settings, engine=hub_env.engine), demo, "adviser")
    page = adviser.get("/admin/my?month=2026-11")
    assert page.status_code == 200
    assert "赵**" in page.text and "****1234" in page.text
    assert "赵小明" not in page.text and "13900001234" not in page.text and "钱" not in page.text
    assert '<td class="num">25</td>' in page.text  # this month's call minutes in the own record
    assert adviser.get("/admin/reports").status_code == 403
