"""Events that would poison reports or carry personal data are refused at ingest (422 with a
reason, nothing stored), and a poisoned row already in the table never breaks a report."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select

from hub.admin.reports import CSV_TABLES
from hub.core.db import reading, writing
from hub.main import create_app
from hub.models.tables import calls, events
from hub.models.types import utcnow
from tests.support.admin_app import staff_client

DAY = "2026-11-20"
PERIOD = f"from={DAY}&to={DAY}"
HUGE = int("1" + "0" * 400)


def _event(event_type: str = "search", **props) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "at": f"{DAY}T09:10:00+08:00",
        "props": props,
    }


def _post_raw(client, terminal, events_: list[dict]):
    """Post with the standard library's encoder, which writes lone surrogates and NaN as JSON does."""
    return client.post(
        "/api/v1/events",
        headers={**terminal["headers"], "Content-Type": "application/json"},
        content=json.dumps({"events": events_}).encode("ascii"),
    )


POISON = [
    (
        _event(query="离婚", results=HUGE),
        "events.0.props: Value error, results: numbers must lie within ±2147483647",
    ),
    (
        _event(query="\ud800x", results=1),
        "events.0.props: Value error, query: text must be valid UTF-8 (no lone surrogates)",
    ),
    (
        _event("session.start", count=10**15),
        "events.0.props: Value error, count: numbers must lie within ±2147483647",
    ),
    (
        _event("session.start", count=10**6),
        "events.0.props: Value error, count: must be a whole number from 0 to 100000",
    ),
    (
        _event("rating", stars=float("nan")),
        "events.0.props: Value error, stars: numbers must be finite",
    ),
    (
        _event(query="x" * 201),
        "events.0.props: Value error, query: text longer than 200 characters",
    ),
    (
        _event(**{f"p{n}": n for n in range(51)}),
        "events.0.props: Value error, at most 50 properties",
    ),
    (
        _event(a={"b": {"c": {"d": 1}}}),
        "events.0.props: Value error, a.b.c.d: nested deeper than 3 levels",
    ),
    (_event(q="\x00"), "events.0.props: Value error, q: text must not contain NUL characters"),
    (_event("made.up"), "events.0.type: Value error, not an event type the terminal records"),
    (
        _event(at="2026-11-20T09:00:00+08:00") | {"at": "0001-01-01T00:00:00+23:59"},
        "events.0.at: Value error, the UTC offset must lie within ±14:00",
    ),
    (
        _event() | {"at": "9999-12-31T23:59:59-14:00"},
        "events.0.at: Value error, the year must lie between 2000 and 2999",
    ),
]


@pytest.mark.parametrize(("bad", "detail"), POISON)
def test_poisoned_events_are_refused(client, terminal, hub_env, bad, detail):
    answer = _post_raw(client, terminal, [bad])
    assert (answer.status_code, answer.json()["detail"]) == (422, detail)
    with reading(hub_env.engine) as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar_one() == 0


PERSONAL = [
    ({"phone_number": "x"}, "phone_number"),
    ({"residentPhone": "x"}, "residentPhone"),
    ({"resident": {"phone": "x"}}, "resident.phone"),
    ({"resident": {"contact": {"tel": "x"}}}, "resident.contact"),
    ({"姓名": "示例"}, "姓名"),
    ({"联系电话": "x"}, "联系电话"),
    ({"手机号": "x"}, "手机号"),
    ({"身份证": "x"}, "身份证"),
    ({"query": "我的电话 138 0000 0000"}, "query"),
    ({"query": "１３８００００００００"}, "query"),
    ({"note": ["ok", "11010519491231002X"]}, "note.1"),
    ({"q": "028-85550000"}, "q"),
]


@pytest.mark.parametrize(("props", "where"), PERSONAL)
def test_personal_data_is_refused_at_any_depth(client, terminal, hub_env, props, where):
    answer = client.post(
        "/api/v1/events", headers=terminal["headers"], json={"events": [_event(**props)]}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"] == (
        f"events.0.props: Value error, {where}: may hold personal data (names, phone or ID numbers)"
    )
    with reading(hub_env.engine) as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar_one() == 0


def test_what_the_kiosk_sends_is_accepted(client, terminal):
    batch = [
        _event(query="离婚", results=3, related=2, category="cat-family", mode="pinyin"),
        _event("session_start", lang="zh_CN"),
        _event("outbox_dropped", count=120, types={"search": 100, "screen.view": 20}),
        _event("search", query="***", results=0, count=4, until=f"{DAY}T10:00:00+00:00"),
        _event("tts.speak", lang="zh_CN", chars=120),
        _event("ticket.print", kind="booking", ok=True),
        _event("institution.view", institution_id="inst-01234567890", type="notary"),  # an id
    ]
    answer = client.post("/api/v1/events", headers=terminal["headers"], json={"events": batch})
    assert answer.status_code == 200, answer.text
    assert len(answer.json()["accepted"]) == len(batch)


STORED_POISON = [
    ("search", {"query": "\ud800x", "results": HUGE}),
    ("search", {"query": "宅基地", "results": float("inf"), "count": HUGE, "until": "x"}),
    ("session.start", {"count": 10**15}),
    ("session_start", {"count": "9" * 40}),
    ("article.view", {"article_id": "\udfffart", "count": -5}),
    ("session.end", {"length_s": HUGE}),
    ("rating", {"stars": float("nan")}),
    ("ticket.print", {"count": 10**15, "until": "x"}),
    ("search", ["not", "a", "dict"]),
    ("search", {"query": "低结果示例", "results": 1, "count": 10**15, "until": "x"}),
    ("search", {"query": ["a", "list"], "results": "9" * 400}),
    (
        "service.rated",
        {"service": "guide", "face": "good", "article_id": "\udfffart", "count": HUGE},
    ),
    ("service.rated", {"service": "guide", "face": "\ud800"}),
    ("service.rated", {"service": "guide", "face": ["good"], "article_id": "art-divorce"}),
    ("service_rated", {"service": 10**15, "face": "bad", "article_id": {"not": "text"}}),
    ("service.rated", {"service": "guide", "face": "ok", "article_id": "a" * 10_000}),
    ("service.rated", "\ud800 not a dict"),
]
# ``call_rated`` rows for the one call of the day (``CALL_ID``): only the ``4`` is a rating.
CALL_ID = 7001
CALL_POISON = [
    ("call_rated", {"call_id": CALL_ID, "rating": 4}),
    ("call_rated", {"call_id": CALL_ID, "rating": 10**15}),
    ("call_rated", {"call_id": CALL_ID, "rating": HUGE, "count": 10**15}),
    ("call.rated", {"call_id": CALL_ID, "rating": 1e308, "count": 10**15}),
    ("call_rated", {"call_id": CALL_ID, "rating": -1e308}),
    ("call_rated", {"call_id": CALL_ID, "rating": float("inf")}),
    ("call_rated", {"call_id": CALL_ID, "rating": float("nan")}),
    ("call_rated", {"call_id": CALL_ID, "rating": "5"}),
    ("call_rated", {"call_id": CALL_ID, "rating": [5]}),
    ("call_rated", {"call_id": CALL_ID, "rating": True}),
    ("call_rated", {"call_id": str(CALL_ID), "rating": 5}),
    ("call_rated", {"call_id": HUGE, "rating": 5}),
    ("call_rated", {"call_id": "\ud800", "rating": 5}),
    ("call_rated", ["\udfff", 5]),
]


@pytest.fixture
def poisoned(hub_env, demo, client, terminal):
    """Rows that older hubs accepted, written straight into the events table."""
    rows = [
        {
            "terminal_id": terminal["terminal_id"],
            "event_id": str(uuid.uuid4()),
            "type": event_type,
            "at": utcnow().replace(year=2026, month=11, day=20, hour=2),
            "props": props,
            "received_at": utcnow(),
        }
        for event_type, props in STORED_POISON + CALL_POISON
        if hub_env.settings.database_url == ""
        or "nan" not in repr(props)  # PostgreSQL: no NaN
        and "inf" not in repr(props)
    ]
    day = utcnow().replace(year=2026, month=11, day=20, hour=2, minute=0, second=0)
    with writing(hub_env.engine) as conn:
        conn.execute(
            insert(calls).values(
                id=CALL_ID,
                room="poison-room-" + uuid.uuid4().hex,
                kind="now",
                terminal_id=terminal["terminal_id"],
                adviser_id="adv-a",
                created_at=day,
                opens_at=day,
                closes_at=day + timedelta(minutes=2),
                answered_at=day,
                started_at=day,
                ended_at=day + timedelta(minutes=10),
            )
        )
        conn.execute(insert(events), rows)
        conn.execute(
            insert(events),
            [{**rows[0], "event_id": str(uuid.uuid4()), "type": "session.start", "props": {}}],
        )
    return staff_client(create_app(hub_env.settings, engine=hub_env.engine), demo, "viewer")


def _csv_rows(answer) -> list[list[str]]:
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))


def test_reports_survive_poisoned_rows(poisoned):
    page = poisoned.get(f"/admin/reports?{PERIOD}")
    assert page.status_code == 200, page.text
    stored = len(STORED_POISON) + len(CALL_POISON) + 1
    for table in CSV_TABLES:
        answer = poisoned.get(f"/admin/reports/export.csv?table={table}&{PERIOD}")
        assert answer.status_code == 200, (table, answer.text)
        for row in _csv_rows(answer)[1:]:
            for cell in row:
                if cell.lstrip("-").isdigit():  # every count stands for at most the rows stored
                    assert 0 <= int(cell) <= stored, (table, row)
    summary = dict(_csv_rows(poisoned.get(f"/admin/reports/export.csv?table=summary&{PERIOD}"))[1:])
    assert "1000000000000000" not in str(summary)
    assert summary["avg_rating"] == "4.0 (1)"  # the only rating 1-5 of the call
    assert summary["sessions"] == "3"  # each row with a count beyond the bound stands for itself
    rated = {k: int(summary[k]) for k in ("rated_good", "rated_ok", "rated_bad")}
    assert rated == {"rated_good": 1, "rated_ok": 1, "rated_bad": 1}, rated
    guides = _csv_rows(poisoned.get(f"/admin/reports/export.csv?table=guide_ratings&{PERIOD}"))
    assert sorted(guides[1:]) == [["?art", "1", "0", "0"], ["a" * 64, "0", "1", "0"]], guides
    for url in ("/admin/ledger?month=2026-11", "/admin/ledger/export.csv?month=2026-11"):
        answer = poisoned.get(url)
        assert answer.status_code == 200, (url, answer.text)
    ledger = _csv_rows(poisoned.get("/admin/ledger/export.csv?month=2026-11"))
    assert "1000000000000000" not in str(ledger)
