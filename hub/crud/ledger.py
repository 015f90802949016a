"""The advisers' monthly work record (台账): bookings by outcome, "call now" calls, call time, ratings.

- Bookings count by the month of the booked slot (``bookings``), as the bureau books them.
- "Call now" calls, call time and ``call_rated`` ratings follow the rules in ``call_rules.py``
  (shared with the usage report), by the China month; ratings also include ``bookings.rating``.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import Connection, select

from hub.crud.call_rules import (
    Scope,
    booked_calls,
    call_ratings,
    minutes,
    now_calls,
    now_held,
    now_missed,
)
from hub.crud.reports import Period
from hub.models.tables import advisers, bookings

LEDGER_KEYS = (
    "bookings",
    "held",
    "no_show",
    "referred",
    "cancelled",
    "now_calls",
    "now_held",
    "now_referred",
    "now_missed",
    "call_minutes",
    "avg_call_minutes",
    "notes",
    "ratings",
    "avg_rating",
)


def _take_bookings(conn: Connection, period: Period, adviser_id: str, rows, ratings) -> None:
    query = select(bookings).where(bookings.c.start >= period.start, bookings.c.start < period.end)
    if adviser_id:
        query = query.where(bookings.c.adviser_id == adviser_id)
    for b in conn.execute(query).mappings():
        record = rows[b["adviser_id"]]
        record[b["status"]] += 1
        if b["status"] != "cancelled":
            record["bookings"] += 1
        if b["outcome_note"].strip():
            record["notes"] += 1
        _take_minutes(record, minutes(b["call_started_at"], b["call_ended_at"]))
        if b["rating"] is not None:
            ratings[b["adviser_id"]].append(b["rating"])


def _take_minutes(record: Counter, length: float | None) -> None:
    if length is not None:
        record["call_minutes"] += length  # type: ignore[assignment]  # a Counter of minutes
        record["timed_calls"] += 1


def _take_now_calls(conn: Connection, period: Period, adviser_id: str, rows) -> dict[int, tuple]:
    """Count the month's "call now" calls; answer ``{call_id: (adviser_id, terminal_id)}``."""
    found = {}
    for c in now_calls(conn, period=period, scope=Scope(adviser_id=adviser_id)):
        found[c["id"]] = (c["adviser_id"], c["terminal_id"])
        record = rows[c["adviser_id"]]
        record["now_calls"] += 1
        if now_held(c):
            record["now_held"] += 1
        elif c["outcome"] == "referred":
            record["now_referred"] += 1
        if now_missed(c):
            record["now_missed"] += 1
        if c["note"].strip():
            record["notes"] += 1
        _take_minutes(record, minutes(c["started_at"], c["ended_at"]))
    return found


def ledger(conn: Connection, *, period: Period, adviser_id: str = "") -> list[dict]:
    """One row per adviser (or only ``adviser_id``) for the period, keys as :data:`LEDGER_KEYS`."""
    names = {r.id: r.name for r in conn.execute(select(advisers.c.id, advisers.c.name))}
    rows: dict[str, Counter] = defaultdict(Counter)
    ratings: dict[str, list] = defaultdict(list)
    _take_bookings(conn, period, adviser_id, rows, ratings)
    month_calls = _take_now_calls(conn, period, adviser_id, rows)
    month_calls |= booked_calls(conn, period=period, scope=Scope(adviser_id=adviser_id))
    for owner, found in call_ratings(conn, owners=month_calls).items():
        ratings[owner].extend(found)
    ids = [adviser_id] if adviser_id else sorted(names, key=lambda i: names[i])
    return [_row(i, names[i], rows[i], ratings[i]) for i in ids if i in names]


def _row(adviser_id: str, name: str, record: Counter, ratings: list) -> dict:
    timed = record["timed_calls"]
    return {
        "adviser_id": adviser_id,
        "name": name,
        **{
            k: record[k]
            for k in LEDGER_KEYS
            if k not in ("call_minutes", "avg_call_minutes", "ratings", "avg_rating")
        },
        "call_minutes": round(record["call_minutes"]),
        "avg_call_minutes": round(record["call_minutes"] / timed, 1) if timed else None,
        "ratings": len(ratings),
        "avg_rating": round(sum(ratings) / len(ratings), 1) if ratings else None,
    }
