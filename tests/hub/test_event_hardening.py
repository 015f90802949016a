"""Events that would poison reports or carry personal data are refused at ingest (422 with a
reason, nothing stored), and a poisoned row already in the table never breaks a report."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import func, insert, select

from hub.core.db import reading, writing
from hub.main import create_app
from hub.models.tables import events
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
        for event_type, props in STORED_POISON
        if hub_env.settings.database_url == ""
        or "nan" not in repr(props)  # PostgreSQL: no NaN
        and "inf" not in repr(props)
    ]
    with writing(hub_env.engine) as conn:
        conn.execute(insert(events), rows)
        conn.execute(
            insert(events),
            [{**rows[0], "event_id": str(uuid.uuid4()), "type": "session.start", "props": {}}],
        )
    return staff_client(create_app(hub_env.settings, engine=hub_env.engine), demo, "viewer")


def test_reports_survive_poisoned_rows(poisoned):
    page = poisoned.get(f"/admin/reports?{PERIOD}")
    assert page.status_code == 200, page.text
    for table in ("summary", "articles", "searches", "zero_searches", "daily", "terminals"):
        answer = poisoned.get(f"/admin/reports/export.csv?table={table}&{PERIOD}")
        assert answer.status_code == 200, (table, answer.text)
        answer.content.decode("utf-8")
    summary = poisoned.get(f"/admin/reports/export.csv?table=summary&{PERIOD}").text
    assert "1000000000000000" not in summary
