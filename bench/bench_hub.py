"""Hub throughput against a real hub process on loopback (SQLite): content polls and event ingest.

Rows: content polls answered 304 via ETag (requests/s and p99 latency), event ingest in batches
of 100 (events/s); the baseline is a static file served by the same process in the same run.
One more row times the hub's SQLite insert of a batch in this process (ms per batch of 100,
commit included) next to the previous approach, one multi-row INSERT ... RETURNING.
Targets (issue 3): >= 1,000 polls/s and >= 10,000 events/s with SQLite on the dev machine.
"""

from __future__ import annotations

import http.client
import json
import statistics
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from hub.api.routes.events import _insert_new
from hub.core.config import HubSettings
from hub.core.db import make_engine, writing
from hub.models.tables import events, terminals
from hub.models.types import utcnow
from tests.support.hub_process import hub_process

CLIENTS = 4
POLLS_PER_CLIENT = 500
BATCHES_PER_CLIENT = 25
BATCH = 100


def _timed_requests(base_url: str, make_request, count: int) -> tuple[float, list[float]]:
    """``CLIENTS`` threads each send ``count`` requests on one keep-alive connection."""
    parsed = urlparse(base_url)
    latencies: list[float] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
        mine = []
        for i in range(count):
            method, path, body, headers, expected = make_request(number, i)
            started = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            if response.status != expected:
                raise RuntimeError(f"{method} {path} answered {response.status}")
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies


def _p99_ms(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=100)[98] * 1000


def _enroll(base_url: str, code: str) -> str:
    parsed = urlparse(base_url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    conn.request(
        "POST",
        "/api/v1/enroll",
        body=json.dumps({"code": code}),
        headers={"Content-Type": "application/json"},
    )
    return json.loads(conn.getresponse().read())["token"]


def _events(count: int) -> bytes:
    return json.dumps(
        {
            "events": [
                {
                    "id": str(uuid.uuid4()),
                    "type": "screen.view",
                    "at": "2026-11-20T09:00:00+08:00",
                    "props": {"screen": "home"},
                }
                for _ in range(count)
            ]
        }
    ).encode()


def _returning_insert(conn, rows: list[dict]) -> set[str]:
    """The previous approach: one INSERT ... ON CONFLICT DO NOTHING RETURNING per batch."""
    statement = (
        sqlite_insert(events)
        .on_conflict_do_nothing(index_elements=["terminal_id", "event_id"])
        .returning(events.c.event_id)
    )
    return {row.event_id for row in conn.execute(statement, rows)}


def _insert_paths(data_dir: Path) -> dict:
    """Milliseconds per batch of 100 (commit included) for the hub's insert and the previous one."""
    engine = make_engine(HubSettings.from_env({}, data_dir=data_dir))
    with engine.connect() as conn:
        terminal_id = conn.execute(select(terminals.c.id).limit(1)).scalar_one()
    at = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    timings: dict = {_insert_new: [], _returning_insert: []}
    for _ in range(BATCHES_PER_CLIENT):
        for insert in timings:
            rows = [
                {"terminal_id": terminal_id, "event_id": str(uuid.uuid4()), "type": "screen.view",
                 "at": at, "props": {"screen": "home"}, "received_at": utcnow()}
                for _ in range(BATCH)
            ]  # fmt: skip
            started = time.perf_counter()
            with writing(engine) as conn:
                insert(conn, rows)
            timings[insert].append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return {
        "bench": "hub",
        "metric": f"SQLite insert of one batch of {BATCH} (median, in process)",
        "value": statistics.median(timings[_insert_new]),
        "unit": "ms",
        "baseline": statistics.median(timings[_returning_insert]),
        "target": "baseline: INSERT ... RETURNING",
    }


def _measure(workers: int) -> list[dict]:
    limits = {"HUB_RATE_LIMIT_PER_MINUTE": "1000000", "HUB_RATE_LIMIT_BURST": "100000"}
    with (
        tempfile.TemporaryDirectory() as folder,
        hub_process(Path(folder), env=limits, workers=workers) as hub,
    ):
        token = _enroll(hub.base_url, hub.codes[hub.terminals[0]])
        auth = {"Authorization": f"Bearer {token}"}
        static_s, static_lat = _timed_requests(
            hub.base_url,
            lambda n, i: ("GET", "/static/public.css", None, {}, 200),
            POLLS_PER_CLIENT,
        )
        poll_headers = {**auth, "If-None-Match": '"c1-s0"'}
        poll_s, poll_lat = _timed_requests(
            hub.base_url,
            lambda n, i: ("GET", "/api/v1/content?since=0", None, poll_headers, 304),
            POLLS_PER_CLIENT,
        )
        bodies = [_events(BATCH) for _ in range(CLIENTS * BATCHES_PER_CLIENT)]
        post_headers = {**auth, "Content-Type": "application/json"}
        ingest_s, _ = _timed_requests(
            hub.base_url,
            lambda n, i: (
                "POST",
                "/api/v1/events",
                bodies[n * BATCHES_PER_CLIENT + i],
                post_headers,
                200,
            ),
            BATCHES_PER_CLIENT,
        )
        extra = [_insert_paths(hub.data_dir)] if workers == 1 else []
    static_rate = len(static_lat) / static_s
    label = f"{workers} worker" + ("s" if workers > 1 else "")
    return [
        {
            "bench": "hub",
            "metric": f"content poll 304 with ETag, {label} (req/s)",
            "value": len(poll_lat) / poll_s,
            "unit": "req/s",
            "baseline": static_rate,
            "target": ">= 1000 req/s (baseline: static file)",
        },
        {
            "bench": "hub",
            "metric": f"content poll 304 p99, {label}",
            "value": _p99_ms(poll_lat),
            "unit": "ms",
            "baseline": _p99_ms(static_lat),
            "target": "-",
        },
        {
            "bench": "hub",
            "metric": f"event ingest, batches of {BATCH}, {label} (ev/s)",
            "value": CLIENTS * BATCHES_PER_CLIENT * BATCH / ingest_s,
            "unit": "ev/s",
            "baseline": static_rate,
            "target": ">= 10000 ev/s (baseline: static req/s)",
        },
        *extra,
    ]


def run() -> list[dict]:
    return _measure(1) + _measure(2)
