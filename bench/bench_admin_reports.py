"""How long the staff usage report takes over a month of events (SQLite, one terminal fleet).

The report reads every event of the period once (``hub.crud.reports.usage``); the baseline
is a plain ``SELECT count(*)`` over the same rows in the same run, i.e. what the database alone
needs to walk them.
"""

from __future__ import annotations

import random
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from hub.admin.reports import build_report
from hub.core.config import HubSettings
from hub.core.db import make_engine, reading, writing
from hub.core.migrate import upgrade
from hub.crud import reports as report_data
from hub.models.tables import events, terminals

EVENTS = 100_000
TERMINALS = 20
TYPES = ("session.start", "session.end", "article.view", "search", "nearby.list", "qr.show")


def _fill(engine) -> report_data.Period:
    rng, start = random.Random(1), datetime(2026, 10, 31, 16, 0, tzinfo=UTC)  # 1 Nov, China time
    with writing(engine) as conn:
        conn.execute(
            insert(terminals),
            [
                {"id": f"t-{n}", "name": f"bench {n}", "district": f"d{n % 4}", "created_at": start}
                for n in range(TERMINALS)
            ],
        )
        rows = []
        for n in range(EVENTS):
            kind = rng.choice(TYPES)
            props = {
                "search": {
                    "query": rng.choice(["离婚", "工资", "宅基地", "彩礼"]),
                    "results": rng.randint(0, 3),
                },
                "article.view": {"article_id": f"a-{rng.randint(1, 300)}"},
                "session.end": {"length_s": rng.randint(20, 600)},
            }.get(kind, {})
            rows.append(
                {
                    "terminal_id": f"t-{n % TERMINALS}",
                    "event_id": str(uuid.uuid4()),
                    "type": kind,
                    "at": start + timedelta(seconds=rng.randint(0, 29 * 86400)),
                    "props": props,
                    "received_at": start,
                }
            )
        conn.execute(insert(events), rows)
    return report_data.Period(date(2026, 11, 1), date(2026, 11, 30))


def run() -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(HubSettings(data_dir=Path(folder)))
        upgrade(engine)
        period = _fill(engine)
        with reading(engine) as conn:
            started = time.perf_counter()
            report = build_report(conn, period, "", "")
            report_s = time.perf_counter() - started
            started = time.perf_counter()
            conn.execute(
                select(func.count())
                .select_from(events)
                .where(events.c.at >= period.start, events.c.at < period.end)
            ).scalar_one()
            count_s = time.perf_counter() - started
        engine.dispose()
    assert report["summary"]["sessions"] > 0
    return [
        {
            "bench": "admin_reports",
            "metric": f"usage report, {EVENTS} events in a month",
            "value": report_s,
            "unit": "s",
            "baseline": count_s,
            "target": "< 5 s (page load)",
        }
    ]
