"""GET /advisers/{id}/slots: duty hours minus holidays (make-up workdays count), leave and taken slots."""

from datetime import date, datetime

import pytest
import time_machine

from hub.core.db import writing
from hub.models.tables import adviser_leave
from tests.support.hub_bookings import FROZEN, by_day
from tests.support.zones import SHANGHAI

WEEKDAYS = [{"weekday": d, "start": "09:00", "end": "12:00"} for d in range(5)]


def get_slots(client, terminal, adviser, days=14):
    with time_machine.travel(FROZEN, tick=False):
        return client.get(
            f"/api/v1/advisers/{adviser}/slots?days={days}", headers=terminal["headers"]
        )


def test_weekdays_holidays_and_make_up_days(client, terminal, office_adviser):
    answer = get_slots(client, terminal, office_adviser)
    assert answer.status_code == 200
    body = answer.json()
    assert body["adviser_id"] == "adv-office"
    assert body["slots"][0] == {
        "start": "2025-09-26T10:30:00+08:00",
        "end": "2025-09-26T11:00:00+08:00",
        "free": True,
    }
    days = by_day(body["slots"])
    full = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    assert days == {
        "2025-09-26": ["10:30", "11:00", "11:30"],  # later today only
        "2025-09-28": full,  # Sunday, but a make-up working day
        "2025-09-29": full,
        "2025-09-30": full,
        "2025-10-09": full,  # 1-8 Oct are holidays; 27 Sep is a plain Saturday
    }


def test_leave_removes_days(client, terminal, office_adviser, hub_env):
    with writing(hub_env.engine) as conn:
        conn.execute(
            adviser_leave.insert().values(
                adviser_id=office_adviser,
                first_day=date(2025, 9, 29),
                last_day=date(2025, 9, 30),
                note="training",
            )
        )
    days = by_day(get_slots(client, terminal, office_adviser).json()["slots"])
    assert sorted(days) == ["2025-09-26", "2025-09-28", "2025-10-09"]


def test_taken_slot_is_not_free(client, terminal, office_adviser):
    with time_machine.travel(FROZEN, tick=False):
        booked = client.post(
            "/api/v1/bookings",
            headers=terminal["headers"],
            json={
                "adviser_id": office_adviser,
                "start": "2025-09-26T11:00:00+08:00",
                "name": "张三",
                "phone": "13800000000",
                "idempotency_key": "key-taken-1",
            },
        )
    assert booked.status_code == 201, booked.text
    slots = get_slots(client, terminal, office_adviser, days=1).json()["slots"]
    assert [(s["start"][11:16], s["free"]) for s in slots] == [
        ("10:30", True),
        ("11:00", False),
        ("11:30", True),
    ]


@pytest.mark.parametrize(
    ("path", "status", "detail"),
    [
        ("/api/v1/advisers/adv-office/slots?days=0", 422, "days must be between 1 and 28"),
        ("/api/v1/advisers/adv-office/slots?days=29", 422, "days must be between 1 and 28"),
        (
            "/api/v1/advisers/adv-office/slots?days=x",
            422,
            "query.days: Input should be a valid integer, unable to parse string as an integer",
        ),
        ("/api/v1/advisers/nobody/slots", 404, "no such adviser"),
        (
            "/api/v1/advisers/bad%20id/slots",
            422,
            "path.adviser_id: String should match pattern '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'",
        ),
    ],
)
def test_bad_requests(client, terminal, office_adviser, path, status, detail):
    answer = client.get(path, headers=terminal["headers"])
    assert (answer.status_code, answer.json()["detail"]) == (status, detail)


def test_year_without_calendar_data_still_has_slots(client, terminal, office_adviser):
    with time_machine.travel(datetime(2031, 3, 3, 7, 0, tzinfo=SHANGHAI), tick=False):
        answer = client.get("/api/v1/advisers/adv-office/slots?days=7", headers=terminal["headers"])
    days = by_day(answer.json()["slots"])
    assert sorted(days) == ["2031-03-03", "2031-03-04", "2031-03-05", "2031-03-06", "2031-03-07"]
