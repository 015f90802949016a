"""Call now under concurrent callers on a real hub process: two terminals never ring the same
adviser, and a terminal rings at most one adviser at a time (SQLite file and real PostgreSQL)."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import create_engine, func, select, update

from hub.models.tables import advisers, calls
from tests.support.hub_process import hub_on_database

pytestmark = pytest.mark.slow
TERMINALS = 10
CALLS_PER_TERMINAL = 2


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def hub(request, tmp_path):
    with hub_on_database(request.param, tmp_path, workers=2) as (running, url):
        yield running, url


def enrolled_token(hub) -> str:
    code = hub.new_code(f"race-{uuid.uuid4().hex[:8]}")  # new: no own adviser, no village
    answer = httpx.post(hub.base_url + "/api/v1/enroll", json={"code": code}, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()["token"]


def test_concurrent_callers_never_share_an_adviser(hub):
    running, url = hub
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            on_duty = conn.execute(
                update(advisers).where(advisers.c.active.is_(True)).values(on_duty_now=True)
            ).rowcount
        assert on_duty > TERMINALS  # enough advisers: nobody should be refused as all busy
        tokens = [enrolled_token(running) for _ in range(TERMINALS)]
        barrier = threading.Barrier(TERMINALS * CALLS_PER_TERMINAL)

        def call(token: str) -> tuple[str, httpx.Response]:
            with httpx.Client(
                base_url=running.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=60
            ) as client:
                barrier.wait()
                return token, client.post("/api/v1/calls", json={})

        with ThreadPoolExecutor(TERMINALS * CALLS_PER_TERMINAL) as pool:
            answers = list(pool.map(call, tokens * CALLS_PER_TERMINAL))

        assert sorted(r.status_code for _t, r in answers) == sorted(
            [201] * TERMINALS + [200] * TERMINALS * (CALLS_PER_TERMINAL - 1)
        ), [r.text for _t, r in answers]
        by_terminal: dict[str, set[tuple[int, str]]] = {}
        for token, answer in answers:
            body = answer.json()
            by_terminal.setdefault(token, set()).add((body["call_id"], body["adviser_id"]))
            if answer.status_code == 200:
                assert answer.headers["X-Reason"] == "already_ringing"
        assert all(len(seen) == 1 for seen in by_terminal.values()), by_terminal
        rung = [adviser for seen in by_terminal.values() for _call, adviser in seen]
        assert len(set(rung)) == TERMINALS, Counter(rung)
        with engine.connect() as conn:
            per_adviser = conn.execute(
                select(calls.c.adviser_id, func.count()).group_by(calls.c.adviser_id)
            ).all()
        assert sorted(count for _adviser, count in per_adviser) == [1] * TERMINALS
    finally:
        engine.dispose()
