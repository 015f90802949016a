"""Guessing a booking's phone digits in parallel on a real hub process (2 workers, real
PostgreSQL and the SQLite file): no more than ``CANCEL_MAX_FAILURES`` guesses are ever evaluated,
whatever the number of clients sending them at once, and the right digits afterwards are refused
as locked; an unknown code and wrong digits answer alike."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import create_engine, select

from hub.crud.bookings import CANCEL_MAX_FAILURES
from hub.models.tables import advisers, bookings
from tests.support.hub_process import hub_on_database

pytestmark = pytest.mark.slow
GUESSERS = 24  # half through the terminal API, half through the phone page
PHONE = "13800001234"
LOCKED_DETAIL = "too many wrong digits: this booking can no longer be cancelled here; call 12348"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def hub(request, tmp_path):
    with hub_on_database(request.param, tmp_path, workers=2) as (running, url):
        yield running, url


def _free_slot(client: httpx.Client, adviser_ids: list[str]) -> tuple[str, str]:
    for adviser_id in adviser_ids:
        slots = client.get(f"/api/v1/advisers/{adviser_id}/slots", params={"days": 14})
        assert slots.status_code == 200, slots.text
        for slot in slots.json()["slots"]:
            if slot["free"]:
                return adviser_id, slot["start"]
    raise AssertionError("no demo adviser has a free slot in the next 14 days")


def _book(client: httpx.Client, adviser_ids: list[str]) -> str:
    """Book the first free slot of a demo adviser through the terminal API; returns the code."""
    adviser_id, start = _free_slot(client, adviser_ids)
    body = {
        "adviser_id": adviser_id,
        "start": start,
        "name": "示例居民",
        "phone": PHONE,
        "topic": "工资",
        "idempotency_key": f"race-{uuid.uuid4().hex[:12]}",
    }
    answer = client.post("/api/v1/bookings", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()["code"]


def _api_cancel(base_url: str, headers: dict, code: str, digits: str) -> httpx.Response:
    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as client:
        return client.post(f"/api/v1/bookings/{code}/cancel", json={"phone_last4": digits})


def _page_cancel(base_url: str, code: str, digits: str) -> httpx.Response:
    with httpx.Client(base_url=base_url, timeout=60) as client:
        return client.post(f"/p/bookings/{code}/cancel", data={"phone_last4": digits})


def test_parallel_wrong_guesses_never_pass_the_limit(hub):
    running, url = hub
    name = running.terminals[0]
    enrolled = httpx.post(
        running.base_url + "/api/v1/enroll", json={"code": running.new_code(name)}, timeout=10
    )
    assert enrolled.status_code == 200, enrolled.text
    headers = {"Authorization": f"Bearer {enrolled.json()['token']}"}
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            adviser_ids = list(
                conn.execute(
                    select(advisers.c.id).where(advisers.c.active.is_(True)).order_by(advisers.c.id)
                ).scalars()
            )
        with httpx.Client(base_url=running.base_url, headers=headers, timeout=30) as client:
            code = _book(client, adviser_ids)
        _guess_in_parallel(running.base_url, headers, code)
        with engine.connect() as conn:
            row = conn.execute(
                select(bookings.c.status, bookings.c.cancel_failures).where(bookings.c.code == code)
            ).one()
    finally:
        engine.dispose()
    assert tuple(row) == ("booked", CANCEL_MAX_FAILURES)


def _guess_in_parallel(base_url: str, headers: dict, code: str) -> None:
    # Before the lock: an unknown code and wrong digits answer alike, on both paths.
    unknown_api = _api_cancel(base_url, headers, "ZZZZZZZZZZ", "0000")
    wrong_api = _api_cancel(base_url, headers, code, "0000")
    assert (wrong_api.status_code, wrong_api.json()) == (
        unknown_api.status_code,
        unknown_api.json(),
    )
    assert wrong_api.status_code == 404
    unknown_page = _page_cancel(base_url, "ZZZZZZZZZZ", "0001")
    wrong_page = _page_cancel(base_url, code, "0001")
    assert (wrong_page.status_code, wrong_page.text.replace(code, "CODE")) == (
        403,
        unknown_page.text.replace("ZZZZZZZZZZ", "CODE"),
    )
    evaluated_before = 2

    barrier = threading.Barrier(GUESSERS)

    def guess(n: int) -> tuple[str, httpx.Response]:
        digits = f"{5000 + n:04d}"  # all wrong: the right ones are 1234
        with httpx.Client(base_url=base_url, timeout=60) as client:
            assert client.get("/healthz").status_code == 200  # connected before the start
            barrier.wait()
            if n % 2:
                return "api", client.post(
                    f"/api/v1/bookings/{code}/cancel",
                    headers=headers,
                    json={"phone_last4": digits},
                )
            return "page", client.post(f"/p/bookings/{code}/cancel", data={"phone_last4": digits})

    with ThreadPoolExecutor(GUESSERS) as pool:
        answers = list(pool.map(guess, range(GUESSERS)))

    wrong = [a for path, a in answers if (path, a.status_code) in (("api", 404), ("page", 403))]
    locked = [a for _path, a in answers if a.status_code == 409]
    assert len(wrong) == CANCEL_MAX_FAILURES - evaluated_before, [
        (path, a.status_code) for path, a in answers
    ]
    assert len(wrong) + len(locked) == GUESSERS
    assert all(
        a.json()["detail"] == LOCKED_DETAIL
        for path, a in answers
        if path == "api" and a.status_code == 409
    )

    right_api = _api_cancel(base_url, headers, code, PHONE[-4:])
    assert (right_api.status_code, right_api.json()["detail"]) == (409, LOCKED_DETAIL)
    right_page = _page_cancel(base_url, code, PHONE[-4:])
    assert right_page.status_code == 409 and "12348" in right_page.text
