"""The advisers' monthly work record (台账): bookings by outcome, "call now" calls, call time, ratings.

- Bookings count by the month of the booked slot (``bookings``), as the bureau books them.
- "Call now" calls exist only in ``calls`` (kind ``now``); they count by the China month of
  ``created_at``. Held = outcome ``held``, or no outcome yet but the call started; missed = never
  answered and never started (docs/video.md).
- Call time: booked calls from ``bookings.call_started_at/call_ended_at`` (the video part copies
  them from ``calls``), "call now" calls from ``calls.started_at/ended_at``.
- Ratings: the terminal's ``call_rated`` events (``call_id``, ``rating`` 1–5) joined to ``calls``
  — only from the terminal the call was on — plus ``bookings.rating``. A rating counts in the month
  of its call. Events folded by a full outbox count ``props.count`` times.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import Connection, select

from hub.models.tables import advisers, bookings, calls, events

from .report_data import Period, _names, repeats

LEDGER_KEYS = ("bookings", "held", "no_show", "referred", "cancelled", "now_calls", "now_held", "now_referred",
               "now_missed", "call_minutes", "avg_call_minutes", "notes", "ratings", "avg_rating")


def _minutes(started, ended) -> float | None:
    if started is None or ended is None or ended < started:
        return None
    return (ended - started).total_seconds() / 60


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
        minutes = _minutes(b["call_started_at"], b["call_ended_at"])
        if minutes is not None:
            record["call_minutes"] += minutes
            record["timed_calls"] += 1
        if b["rating"] is not None:
            ratings[b["adviser_id"]].append(b["rating"])


def _take_now_calls(conn: Connection, period: Period, adviser_id: str, rows) -> dict[int, tuple]:
    """Count the month's "call now" calls; answer ``{call_id: (adviser_id, terminal_id)}``."""
    query = select(calls).where(calls.c.kind == "now", calls.c.created_at >= period.start,
                                calls.c.created_at < period.end)
    if adviser_id:
        query = query.where(calls.c.adviser_id == adviser_id)
    found = {}
    for c in conn.execute(query).mappings():
        found[c["id"]] = (c["adviser_id"], c["terminal_id"])
        record = rows[c["adviser_id"]]
        record["now_calls"] += 1
        if c["outcome"] == "held" or (c["outcome"] is None and c["started_at"] is not None):
            record["now_held"] += 1
        elif c["outcome"] == "referred":
            record["now_referred"] += 1
        if c["answered_at"] is None and c["started_at"] is None:
            record["now_missed"] += 1
        if c["note"].strip():
            record["notes"] += 1
        minutes = _minutes(c["started_at"], c["ended_at"])
        if minutes is not None:
            record["call_minutes"] += minutes
            record["timed_calls"] += 1
    return found


def _booked_calls(conn: Connection, period: Period, adviser_id: str) -> dict[int, tuple]:
    query = (select(calls.c.id, calls.c.adviser_id, calls.c.terminal_id)
             .select_from(calls.join(bookings, bookings.c.id == calls.c.booking_id))
             .where(calls.c.kind == "booked", bookings.c.start >= period.start, bookings.c.start < period.end))
    if adviser_id:
        query = query.where(calls.c.adviser_id == adviser_id)
    return {r.id: (r.adviser_id, r.terminal_id) for r in conn.execute(query)}


def _take_call_ratings(conn: Connection, month_calls: dict[int, tuple], ratings) -> None:
    if not month_calls:
        return
    # Not bounded by the event's time: a terminal's clock may be off, and a rating belongs to its call.
    query = select(events.c.terminal_id, events.c.type, events.c.props).where(events.c.type.in_(_names("call_rated")))
    for row in conn.execute(query):
        props = row.props if isinstance(row.props, dict) else {}
        call_id, rating = props.get("call_id"), props.get("rating")
        if isinstance(call_id, bool) or not isinstance(call_id, int) or call_id not in month_calls:
            continue
        if isinstance(rating, bool) or not isinstance(rating, int | float) or not 1 <= rating <= 5:
            continue
        owner, terminal_id = month_calls[call_id]
        if terminal_id is not None and row.terminal_id != terminal_id:
            continue  # another terminal cannot rate this call
        ratings[owner].extend([rating] * repeats("call_rated", props))


def ledger(conn: Connection, period: Period, *, adviser_id: str = "") -> list[dict]:
    """One row per adviser (or only ``adviser_id``) for the period, keys as :data:`LEDGER_KEYS`."""
    names = {r.id: r.name for r in conn.execute(select(advisers.c.id, advisers.c.name))}
    rows: dict[str, Counter] = defaultdict(Counter)
    ratings: dict[str, list] = defaultdict(list)
    _take_bookings(conn, period, adviser_id, rows, ratings)
    month_calls = _take_now_calls(conn, period, adviser_id, rows)
    month_calls |= _booked_calls(conn, period, adviser_id)
    _take_call_ratings(conn, month_calls, ratings)
    ids = [adviser_id] if adviser_id else sorted(names, key=lambda i: names[i])
    return [_row(i, names[i], rows[i], ratings[i]) for i in ids if i in names]


def _row(adviser_id: str, name: str, record: Counter, ratings: list) -> dict:
    timed = record["timed_calls"]
    return {"adviser_id": adviser_id, "name": name,
            **{k: record[k] for k in LEDGER_KEYS if k not in ("call_minutes", "avg_call_minutes", "ratings",
                                                              "avg_rating")},
            "call_minutes": round(record["call_minutes"]),
            "avg_call_minutes": round(record["call_minutes"] / timed, 1) if timed else None,
            "ratings": len(ratings),
            "avg_rating": round(sum(ratings) / len(ratings), 1) if ratings else None}
