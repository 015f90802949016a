"""The advisers' work record (台账) and the usage report with booked and "call now" calls, call length, ratings from the
terminals' ``call_rated`` events, and outbox-folded events (``props.count``) in the usage report."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, update

from hub.core.db import writing
from hub.crud.bookings import NewBooking, create_booking
from hub.main import create_app
from hub.models.tables import bookings, calls
from hub.models.tables import events as events_table
from tests.support.admin_app import staff_client
from tests.support.zones import SHANGHAI

HEADER = [
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


def _at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def _call(
    conn,
    *,
    kind: str,
    adviser_id: str,
    terminal_id: str | None,
    created: datetime,
    answered=None,
    started=None,
    ended=None,
    outcome=None,
    note="",
    booking_id=None,
) -> int:
    return conn.execute(
        insert(calls).values(
            room=uuid.uuid4().hex,
            kind=kind,
            booking_id=booking_id,
            terminal_id=terminal_id,
            adviser_id=adviser_id,
            created_at=created,
            opens_at=created,
            closes_at=created + timedelta(hours=1),
            answered_at=answered,
            started_at=started,
            ended_at=ended,
            outcome=outcome,
            note=note,
        )
    ).inserted_primary_key[0]


def _booking(
    conn, terminal_id: str, index: int, status: str, *, minutes: int = 0, note: str = ""
) -> int:
    slot = _at(20, 9) + timedelta(hours=index)
    row = create_booking(
        conn,
        NewBooking(
            terminal_id=terminal_id,
            adviser_id="adv-a",
            start=slot,
            end=slot + timedelta(minutes=30),
            name="示例群众",
            phone="13800000000",
            topic="示例",
            idempotency_key=f"ledger-{index}",
        ),
    )
    values = {"status": status, "outcome_note": note}
    if minutes:
        values |= {"call_started_at": slot, "call_ended_at": slot + timedelta(minutes=minutes)}
    conn.execute(update(bookings).where(bookings.c.id == row["id"]).values(**values))
    return row["id"]


def _rated(call_id, rating, **extra) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "type": "call_rated",
        "at": "2026-11-26T10:00:00+08:00",
        "props": {"call_id": call_id, "rating": rating, **extra},
    }


@pytest.fixture
def ledger_client(hub_env, demo, client, terminal, other_terminal):
    own = terminal["terminal_id"]
    with writing(hub_env.engine) as conn:
        held = _booking(conn, own, 0, "held", minutes=25, note="已解答")
        _booking(conn, own, 1, "no_show")
        _booking(conn, own, 2, "referred", minutes=12, note="转法律援助中心")
        _booking(conn, own, 3, "cancelled")
        booked = _call(
            conn,
            kind="booked",
            adviser_id="adv-a",
            terminal_id=own,
            created=_at(20, 8, 55),
            started=_at(20, 9),
            ended=_at(20, 9, 25),
            outcome="held",
            booking_id=held,
        )
        n1 = _call(
            conn,
            kind="now",
            adviser_id="adv-a",
            terminal_id=own,
            created=_at(21, 9),
            answered=_at(21, 9, 1),
            started=_at(21, 9, 1),
            ended=_at(21, 9, 19),
            outcome="held",
            note="已解答",
        )
        n2 = _call(
            conn,
            kind="now",
            adviser_id="adv-a",
            terminal_id=own,
            created=_at(22, 14),
            answered=_at(22, 14, 1),
            started=_at(22, 14, 2),
            ended=_at(22, 14, 9),
        )  # no outcome: held
        _call(
            conn, kind="now", adviser_id="adv-a", terminal_id=own, created=_at(23, 10)
        )  # never answered
        n4 = _call(
            conn,
            kind="now",
            adviser_id="adv-a",
            terminal_id=own,
            created=_at(24, 10),
            answered=_at(24, 10),
            started=_at(24, 10),
            ended=_at(24, 10, 30),
            outcome="referred",
        )
        december = _call(
            conn,
            kind="now",
            adviser_id="adv-a",
            terminal_id=own,
            created=_at(1, 0, 30, month=12),
            answered=_at(1, 0, 31, month=12),
            started=_at(1, 0, 31, month=12),
            ended=_at(1, 0, 36, month=12),
        )  # Nov 30 16:30 UTC: a December call in China
        _call(
            conn,
            kind="now",
            adviser_id="adv-b",
            terminal_id=other_terminal["terminal_id"],
            created=_at(25, 15),
            answered=_at(25, 15),
            started=_at(25, 15),
            ended=_at(25, 15, 20),
            outcome="held",
        )
    ratings = [
        _rated(booked, 4),
        _rated(n1, 5),
        _rated(n2, 2, count=2, until="2026-11-26T10:05:00+08:00"),
        _rated(n4, 4),
        _rated(december, 1),
        _rated(n1, 9),
        _rated(str(n1), 3),
        _rated(n1, True),
    ]
    answer = client.post("/api/v1/events", headers=terminal["headers"], json={"events": ratings})
    assert len(answer.json()["accepted"]) == len(ratings)
    spoofed = client.post(
        "/api/v1/events", headers=other_terminal["headers"], json={"events": [_rated(n4, 1)]}
    )
    assert len(spoofed.json()["accepted"]) == 1  # stored, but another terminal's call: not counted
    return staff_client(create_app(hub_env.settings, engine=hub_env.engine), demo, "viewer")


def _csv(answer) -> list[list[str]]:
    assert answer.status_code == 200, answer.text
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8").lstrip("\ufeff"))))


def test_ledger_counts_booked_and_call_now_calls_length_and_ratings(ledger_client):
    rows = _csv(ledger_client.get("/admin/ledger/export.csv?month=2026-11"))
    assert rows[0] == HEADER
    by_id = {row[0]: row for row in rows[1:]}
    # 25 + 12 booked, 18 + 7 + 30 call now = 92 minutes over 5 timed calls; ratings 4, 5, 2, 2, 4
    assert by_id["adv-a"] == [
        "adv-a",
        "王律师（示例）",
        "3",
        "1",
        "1",
        "1",
        "1",
        "4",
        "2",
        "1",
        "1",
        "92",
        "18.4",
        "3",
        "5",
        "3.4",
    ]
    assert by_id["adv-b"] == [
        "adv-b",
        "李律师（示例）",
        "0",
        "0",
        "0",
        "0",
        "0",
        "1",
        "1",
        "0",
        "0",
        "20",
        "20.0",
        "0",
        "0",
        "",
    ]
    december = {
        row[0]: row for row in _csv(ledger_client.get("/admin/ledger/export.csv?month=2026-12"))[1:]
    }
    assert december["adv-a"] == [
        "adv-a",
        "王律师（示例）",
        "0",
        "0",
        "0",
        "0",
        "0",
        "1",
        "1",
        "0",
        "0",
        "5",
        "5.0",
        "0",
        "1",
        "1.0",
    ]


def test_ledger_page_shows_the_same_row(ledger_client):
    page = ledger_client.get("/admin/ledger?month=2026-11")
    assert page.status_code == 200
    assert "即时通话" in page.text and "平均每通分钟" in page.text and "<svg" in page.text
    cells = "".join(
        f'<td class="num">{v}</td>'
        for v in ("3", "1", "1", "1", "1", "4", "2", "1", "1", "92", "18.4", "3", "5", "3.4")
    )
    assert f"<td>王律师（示例）</td>{cells}" in page.text


def _event(event_type: str, hour: int, **props) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "at": f"2026-11-20T{hour:02d}:00:00+08:00",
        "props": props,
    }


def test_report_counts_events_folded_by_a_full_outbox(hub_env, demo, client, terminal):
    until = {"until": "2026-11-20T12:00:00+08:00"}
    events = [
        _event("session.start", 9),
        _event("session.start", 10, count=3, **until),
        _event("qr.show", 9, kind="article", count=5, **until),
        _event("qr.show", 9, kind="article"),
        _event("article.view", 9, article_id="art-divorce", count=2, **until),
        _event("search", 10, query="宅基地", results=0, count=4, **until),
        _event("search", 11, query="离婚", count=7),  # a bare count on a search is its result count
        _event("ticket.print", 11, ok=True, count=2, **until),
    ]
    answer = client.post("/api/v1/events", headers=terminal["headers"], json={"events": events})
    assert len(answer.json()["accepted"]) == len(events)
    odd = _event("nearby.list", 11, count="x")  # refused at ingest today; a row stored before
    assert (
        client.post(
            "/api/v1/events", headers=terminal["headers"], json={"events": [odd]}
        ).status_code
        == 422
    )
    with writing(hub_env.engine) as conn:
        conn.execute(
            insert(events_table).values(
                terminal_id=terminal["terminal_id"],
                event_id=odd["id"],
                type=odd["type"],
                at=datetime.fromisoformat(odd["at"]),
                props=odd["props"],
                received_at=datetime.fromisoformat(odd["at"]),
            )
        )
    viewer = staff_client(create_app(hub_env.settings, engine=hub_env.engine), demo, "viewer")
    period = "from=2026-11-20&to=2026-11-20"
    summary = dict(_csv(viewer.get(f"/admin/reports/export.csv?table=summary&{period}"))[1:])
    assert {
        k: summary[k]
        for k in (
            "sessions",
            "qr_shows",
            "article_views",
            "searches",
            "zero_searches",
            "prints",
            "nearby",
        )
    } == {
        "sessions": "4",
        "qr_shows": "6",
        "article_views": "2",
        "searches": "5",
        "zero_searches": "4",
        "prints": "2",
        "nearby": "1",
    }
    assert _csv(viewer.get(f"/admin/reports/export.csv?table=daily&{period}")) == [
        ["day", "sessions"],
        ["2026-11-20", "4"],
    ]
    assert _csv(viewer.get(f"/admin/reports/export.csv?table=zero_searches&{period}")) == [
        ["query", "count"],
        ["宅基地", "4"],
    ]
    terminals = _csv(viewer.get(f"/admin/reports/export.csv?table=terminals&{period}"))
    assert terminals[1][:5] == ["测试终端甲", "成都市新都区", "4", "2", "5"]


SUMMARY_CALLS = (
    "bookings",
    "held",
    "no_show",
    "referred",
    "cancelled",
    "now_calls",
    "now_held",
    "now_missed",
    "calls_held",
    "call_minutes",
    "avg_rating",
)


def _summary(viewer, query: str) -> dict:
    summary = dict(_csv(viewer.get(f"/admin/reports/export.csv?table=summary&{query}"))[1:])
    return {k: summary[k] for k in SUMMARY_CALLS}


def test_usage_report_counts_booked_and_call_now_calls_by_period_district_terminal(
    ledger_client, other_terminal
):
    november = "from=2026-11-20&to=2026-11-30"
    # held: 1 booking + 3 call now (n1, n2 without outcome, adv-b's); 25 + 12 + 18 + 7 + 30 + 20 minutes;
    # ratings 4, 5, 2, 2, 4 (December's, out-of-range, text ids and the other terminal's rating left out)
    assert _summary(ledger_client, november) == {
        "bookings": "3",
        "held": "1",
        "no_show": "1",
        "referred": "1",
        "cancelled": "1",
        "now_calls": "5",
        "now_held": "3",
        "now_missed": "1",
        "calls_held": "4",
        "call_minutes": "112",
        "avg_rating": "3.4 (5)",
    }
    assert _summary(ledger_client, f"{november}&district=成都市新都区") == {
        "bookings": "3",
        "held": "1",
        "no_show": "1",
        "referred": "1",
        "cancelled": "1",
        "now_calls": "4",
        "now_held": "2",
        "now_missed": "1",
        "calls_held": "3",
        "call_minutes": "92",
        "avg_rating": "3.4 (5)",
    }
    assert _summary(ledger_client, f"{november}&terminal={other_terminal['terminal_id']}") == {
        "bookings": "0",
        "held": "0",
        "no_show": "0",
        "referred": "0",
        "cancelled": "0",
        "now_calls": "1",
        "now_held": "1",
        "now_missed": "0",
        "calls_held": "1",
        "call_minutes": "20",
        "avg_rating": "—",
    }
    # one day: only n1; the booked call's rating belongs to its slot day (Nov 20)
    assert _summary(ledger_client, "from=2026-11-21&to=2026-11-21") == {
        "bookings": "0",
        "held": "0",
        "no_show": "0",
        "referred": "0",
        "cancelled": "0",
        "now_calls": "1",
        "now_held": "1",
        "now_missed": "0",
        "calls_held": "1",
        "call_minutes": "18",
        "avg_rating": "5.0 (1)",
    }
    # 2026-12-01 00:30 China time is still Nov 30 in UTC: it counts on the China day
    assert _summary(ledger_client, "from=2026-12-01&to=2026-12-01")["call_minutes"] == "5"
    assert _summary(ledger_client, "from=2026-11-30&to=2026-11-30")["now_calls"] == "0"


def test_usage_report_call_rows_per_terminal_and_district(ledger_client):
    november = "from=2026-11-20&to=2026-11-30"
    terminals = _csv(ledger_client.get(f"/admin/reports/export.csv?table=terminals&{november}"))
    assert terminals == [
        [
            "name",
            "district",
            "sessions",
            "article_views",
            "searches",
            "bookings",
            "held",
            "no_show",
            "now_calls",
            "now_held",
            "calls_held",
            "call_minutes",
            "rated_good",
            "rated_ok",
            "rated_bad",
        ],
        [
            "测试终端乙",
            "绵阳市涪城区",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "1",
            "1",
            "1",
            "20",
            "0",
            "0",
            "0",
        ],  # sorted by name
        [
            "测试终端甲",
            "成都市新都区",
            "0",
            "0",
            "0",
            "3",
            "1",
            "1",
            "4",
            "2",
            "3",
            "92",
            "0",
            "0",
            "0",
        ],
    ]
    districts = _csv(ledger_client.get(f"/admin/reports/export.csv?table=districts&{november}"))
    assert districts == [
        ["district", *terminals[0][2:]],
        ["成都市新都区", *terminals[2][2:]],
        ["绵阳市涪城区", *terminals[1][2:]],
    ]
    page = ledger_client.get(f"/admin/reports?{november}")
    assert 'data-test="calls_held">4<' in page.text and "分区县" in page.text
    cells = "".join(f'<td class="num">{v}</td>' for v in terminals[2][2:])
    assert f"<td>成都市新都区</td>{cells}" in page.text
