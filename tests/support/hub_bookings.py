"""Bookings for hub tests: a frozen "now" before a holiday week, and a booking request body."""

from datetime import datetime

from tests.support.zones import SHANGHAI

# Friday 26 Sep 2025, 10:00 in China: National Day holidays are 1-8 Oct 2025, with make-up
# working days on Sunday 28 Sep and Saturday 11 Oct.
FROZEN = datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI)
SLOT = "2025-09-26T10:30:00+08:00"


def booking(**changes):
    """A ``POST /bookings`` body for adviser adv-a at :data:`SLOT`; ``None`` drops a field."""
    body = {
        "adviser_id": "adv-a",
        "start": SLOT,
        "name": "张三",
        "phone": "138-0000-1234",
        "topic": "工资",
        "idempotency_key": "idem-0001",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def by_day(slots):
    """``{"YYYY-MM-DD": ["HH:MM", ...]}`` of a slots answer."""
    days = {}
    for slot in slots:
        days.setdefault(slot["start"][:10], []).append(slot["start"][11:16])
    return days
