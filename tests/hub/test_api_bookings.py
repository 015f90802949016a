"""POST /bookings and cancel: one slot one booking, idempotency, validation, terminal scope."""

from datetime import datetime

import pytest
import time_machine
from sqlalchemy import select

from hub.core.db import reading
from hub.models.tables import bookings
from tests.support.hub_bookings import FROZEN, SLOT, booking
from tests.support.zones import SHANGHAI


@pytest.fixture
def post(client, terminal):
    def send(body, headers=None):
        with time_machine.travel(FROZEN, tick=False):
            return client.post(
                "/api/v1/bookings", headers=headers or terminal["headers"], json=body
            )

    return send


def test_booking_answer_and_storage(post, hub_env):
    answer = post(booking())
    assert answer.status_code == 201
    body = answer.json()
    assert set(body) == {"code", "start", "end", "join_url"}
    assert (body["start"], body["end"]) == (SLOT, "2025-09-26T11:00:00+08:00")
    assert (
        len(body["code"]) == 10
        and body["join_url"] == f"http://testserver/p/bookings/{body['code']}"
    )
    with reading(hub_env.engine) as conn:
        row = conn.execute(select(bookings)).mappings().one()
    assert (row["resident_name"], row["resident_phone"], row["phone_last4"]) == (
        "张三",
        "13800001234",
        "1234",
    )
    assert row["start"] == datetime(2025, 9, 26, 10, 30, tzinfo=SHANGHAI)


def test_same_idempotency_key_returns_the_same_booking(post):
    first, again = post(booking()), post(booking())
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()


def test_taken_slot_answers_409(post):
    assert post(booking()).status_code == 201
    second = post(booking(idempotency_key="idem-0002", name="李四"))
    assert (second.status_code, second.json()) == (409, {"detail": "this slot is already booked"})


def test_key_reused_for_another_slot_answers_409(post):
    assert post(booking()).status_code == 201
    other = post(booking(start="2025-09-26T11:00:00+08:00"))
    assert (other.status_code, other.json()["detail"]) == (
        409,
        "idempotency_key was already used for another booking",
    )


@pytest.mark.parametrize(
    ("changes", "detail"),
    [
        ({"phone": "12ab"}, "phone: Value error, must be a phone number of 7-20 digits"),
        ({"name": "  "}, "name: Value error, must not be empty"),
        ({"name": "张\x07三"}, "name: Value error, must not contain control characters"),
        ({"start": "2025-09-26T10:30:00"}, "start: Input should have timezone info"),
        ({"start": "2025-09-26T10:45:00+08:00"}, "start: not a bookable slot of this adviser"),
        ({"start": "2025-09-26T09:00:00+08:00"}, "start: not a bookable slot of this adviser"),
        ({"start": "2025-10-01T10:00:00+08:00"}, "start: not a bookable slot of this adviser"),
        ({"adviser_id": "nobody"}, "adviser_id: no such adviser"),
        ({"idempotency_key": "short"}, "idempotency_key: String should have at least 8 characters"),
        ({"idempotency_key": None}, "idempotency_key: Field required"),
        ({"extra": 1}, "extra: Extra inputs are not permitted"),
    ],
)
def test_bad_input_answers_422(post, changes, detail):
    answer = post(booking(**changes))
    assert (answer.status_code, answer.json()["detail"]) == (422, detail)


def test_same_slot_in_utc_notation_is_the_same_slot(post):
    assert post(booking()).status_code == 201
    utc = post(booking(start="2025-09-26T02:30:00+00:00", idempotency_key="idem-utc-1"))
    assert utc.status_code == 409


def cancel(client, terminal, code, last4):
    with time_machine.travel(FROZEN, tick=False):
        return client.post(
            f"/api/v1/bookings/{code}/cancel",
            headers=terminal["headers"],
            json={"phone_last4": last4},
        )


def test_cancel_needs_the_right_digits_and_frees_the_slot(client, terminal, post):
    code = post(booking()).json()["code"]
    wrong = cancel(client, terminal, code, "0000")
    assert (wrong.status_code, wrong.json()) == (404, {"detail": "no such booking"})
    right = cancel(client, terminal, code, "1234")
    assert (right.status_code, right.json()) == (200, {"code": code, "status": "cancelled"})
    assert cancel(client, terminal, code, "1234").status_code == 200  # retry is harmless
    rebooked = post(booking(idempotency_key="idem-0003"))
    assert rebooked.status_code == 201 and rebooked.json()["code"] != code


def test_another_terminals_booking_is_404(client, terminal, other_terminal, post):
    code = post(booking()).json()["code"]
    answer = cancel(client, other_terminal, code, "1234")
    assert (answer.status_code, answer.json()["detail"]) == (404, "no such booking")


def test_cancel_by_guessing_locks_the_booking(client, terminal, post):
    code = post(booking()).json()["code"]
    unknown = cancel(client, terminal, "ZZZZZZZZZZ", "0000")
    for guess in ("0000", "1111", "2222", "3333", "4444"):
        wrong = cancel(client, terminal, code, guess)
        assert (wrong.status_code, wrong.json()) == (unknown.status_code, unknown.json())
    locked = cancel(client, terminal, code, "1234")
    assert (locked.status_code, locked.json()["detail"]) == (
        409,
        "too many wrong digits: this booking can no longer be cancelled here; call 12348",
    )


def test_cancel_after_the_start_is_409(client, terminal, post):
    code = post(booking()).json()["code"]
    with time_machine.travel(datetime(2025, 9, 26, 10, 31, tzinfo=SHANGHAI), tick=False):
        late = client.post(
            f"/api/v1/bookings/{code}/cancel",
            headers=terminal["headers"],
            json={"phone_last4": "1234"},
        )
    assert (late.status_code, late.json()["detail"]) == (409, "the booking time has passed")


def test_cancel_body_is_validated(client, terminal):
    answer = cancel(client, terminal, "ABCDEFGHJK", "12a4")
    assert (answer.status_code, answer.json()["detail"]) == (
        422,
        "phone_last4: String should match pattern '^[0-9]{4}$'",
    )
