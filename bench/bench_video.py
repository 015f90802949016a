"""Video signalling through a real hub process on loopback: how long one message takes from one
side of a room to the other (p50/p99 ms over 500 round trips: adviser → hub → resident → hub →
adviser), and join-token checks per second. Baselines, same run: a WebSocket round trip to the
same process that the hub refuses at once (connect + refusal frame, no relay), and plain
HMAC-SHA256 of the same bytes. Target: relay round trip well under 50 ms on loopback."""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from websockets.sync.client import connect

from hub.core.config import HubSettings
from hub.core.db import make_engine
from hub.video.tokens import check_token, make_token
from tests.support.hub_process import hub_process
from tests.support.video_rooms import add_booking, token_for

ROUND_TRIPS = 500
TOKEN_CHECKS = 20_000


def _ms(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100)[int(q) - 1] * 1000
        if len(values) > 1
        else values[0] * 1000
    )


def _relay_round_trips(base: str, room: str, settings) -> list[float]:
    ws_base = base.replace("http://", "ws://")
    with connect(f"{ws_base}/call/{room}/ws?t={token_for(settings, room, 'adviser')}") as adviser:
        adviser.recv()
        with connect(
            f"{ws_base}/call/{room}/ws?t={token_for(settings, room, 'resident')}"
        ) as resident:
            resident.recv()
            adviser.recv()  # peer-joined
            times = []
            for i in range(ROUND_TRIPS):
                started = time.perf_counter()
                adviser.send(json.dumps({"type": "candidate", "candidate": {"n": i}}))
                resident.recv()
                resident.send(json.dumps({"type": "candidate", "candidate": {"n": i}}))
                adviser.recv()
                times.append(time.perf_counter() - started)
    return times


def _refusal_round_trips(base: str, count: int = 50) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        with connect(base.replace("http://", "ws://") + "/call/no-such-room/ws?t=x") as ws:
            ws.recv()
        times.append(time.perf_counter() - started)
    return times


def _token_rates() -> tuple[float, float]:
    import hashlib
    import hmac

    key, now = b"k" * 32, datetime.now(UTC)
    token = make_token(key, room="r" * 32, role="resident", expires=now + timedelta(minutes=5))
    started = time.perf_counter()
    for _ in range(TOKEN_CHECKS):
        check_token(key, token, room="r" * 32, now=now)
    checks = TOKEN_CHECKS / (time.perf_counter() - started)
    started = time.perf_counter()
    for _ in range(TOKEN_CHECKS):
        hmac.new(key, b"v1|" + b"r" * 32 + b"|resident|1700000000", hashlib.sha256).digest()
    return checks, TOKEN_CHECKS / (time.perf_counter() - started)


def run() -> list[dict]:
    with tempfile.TemporaryDirectory() as scratch, hub_process(Path(scratch)) as hub:
        settings = HubSettings.from_env({"HUB_DATA": str(hub.data_dir)})
        engine = make_engine(settings)
        with engine.connect() as conn:
            adviser = conn.exec_driver_sql("SELECT id FROM advisers ORDER BY id LIMIT 1").scalar()
        room = add_booking(engine, adviser_id=adviser, start=datetime.now(UTC))["room"]
        engine.dispose()
        relay = _relay_round_trips(hub.base_url, room, settings)
        refusal = _refusal_round_trips(hub.base_url)
    checks, raw = _token_rates()
    row = {"bench": "video"}
    return [
        {
            **row,
            "metric": "signalling relay round trip p50",
            "value": _ms(relay, 50),
            "unit": "ms",
            "baseline": _ms(refusal, 50),
            "target": "< 50 ms loopback",
        },
        {
            **row,
            "metric": "signalling relay round trip p99",
            "value": _ms(relay, 99),
            "unit": "ms",
            "baseline": _ms(refusal, 99),
            "target": "< 50 ms loopback",
        },
        {
            **row,
            "metric": "join token checks",
            "value": checks,
            "unit": "/s",
            "baseline": raw,
            "target": "-",
        },
    ]
