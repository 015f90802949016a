"""The rules for video calls that both the usage report and the advisers' work record (台账) count.

- "Call now" calls exist only in ``calls`` (kind ``now``); they count by the China day of
  ``created_at``. Held = outcome ``held``, or no outcome yet but the call started; missed = never
  answered and never started (docs/video.md).
- Booked calls count by their booking's slot (``bookings.start``); their length comes from
  ``bookings.call_started_at/call_ended_at`` (the video part copies them from ``calls``).
- Ratings: the terminal's ``call_rated`` events (``call_id``, ``rating`` 1–5) joined to ``calls``,
  only from the terminal the call was on, counted with the call; folded events count ``props.count``.

A :class:`Scope` narrows every query the same way: one adviser, one terminal, one district.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, select

from hub.crud.reports import Period, _names, _terminal_filter, repeats
from hub.models.tables import bookings, calls, events


@dataclass(frozen=True)
class Scope:
    adviser_id: str = ""
    terminal_id: str = ""
    district: str = ""

    def apply(self, query, table):
        if self.adviser_id:
            query = query.where(table.c.adviser_id == self.adviser_id)
        return _terminal_filter(query, table.c.terminal_id, self.terminal_id, self.district)


def minutes(started, ended) -> float | None:
    """A call's length in minutes, None without a start and an end (or with an end before the start)."""
    if started is None or ended is None or ended < started:
        return None
    return (ended - started).total_seconds() / 60


def now_held(call) -> bool:
    return call["outcome"] == "held" or (call["outcome"] is None and call["started_at"] is not None)


def now_missed(call) -> bool:
    return call["answered_at"] is None and call["started_at"] is None


def now_calls(conn: Connection, *, period: Period, scope: Scope) -> list:
    """The period's "call now" calls (rows of ``calls``) within the scope."""
    query = select(calls).where(
        calls.c.kind == "now", calls.c.created_at >= period.start, calls.c.created_at < period.end
    )
    return list(conn.execute(scope.apply(query, calls)).mappings())


def booked_calls(conn: Connection, *, period: Period, scope: Scope) -> dict[int, tuple]:
    """``{call_id: (adviser_id, terminal_id)}`` of booked calls whose booking's slot lies in the period."""
    query = (
        select(calls.c.id, calls.c.adviser_id, calls.c.terminal_id)
        .select_from(calls.join(bookings, bookings.c.id == calls.c.booking_id))
        .where(
            calls.c.kind == "booked",
            bookings.c.start >= period.start,
            bookings.c.start < period.end,
        )
    )
    return {r.id: (r.adviser_id, r.terminal_id) for r in conn.execute(scope.apply(query, bookings))}


def call_ratings(conn: Connection, *, owners: dict[int, tuple]) -> dict:
    """Ratings of the given calls, ``owners`` = ``{call_id: (key, terminal_id)}``; answer ``{key: [ratings]}``."""
    found: dict = defaultdict(list)
    if not owners:
        return found
    # Not bounded by the event's time: a terminal's clock may be off, and a rating belongs to its call.
    query = select(events.c.terminal_id, events.c.props).where(
        events.c.type.in_(_names("call_rated"))
    )
    for row in conn.execute(query):
        props = row.props if isinstance(row.props, dict) else {}
        call_id, rating = props.get("call_id"), props.get("rating")
        if isinstance(call_id, bool) or not isinstance(call_id, int) or call_id not in owners:
            continue
        if isinstance(rating, bool) or not isinstance(rating, int | float) or not 1 <= rating <= 5:
            continue
        key, terminal_id = owners[call_id]
        if terminal_id is not None and row.terminal_id != terminal_id:
            continue  # another terminal cannot rate this call
        found[key].extend([rating] * repeats("call_rated", props))
    return found


def report_calls(conn: Connection, *, period: Period, scope: Scope) -> dict:
    """What the usage report shows of calls: ``counts`` and ``per_terminal`` (Counters with
    ``now_calls``, ``now_held``, ``now_missed``, ``call_minutes``) and ``ratings`` of the calls."""
    counts: Counter = Counter()
    per_terminal: defaultdict[str, Counter] = defaultdict(Counter)

    def take(terminal_id, key: str, value: float = 1) -> None:
        # Counters hold whole counts and minutes (floats) alike; typeshed allows ints only.
        counts[key] += value  # type: ignore[assignment]
        per_terminal[terminal_id][key] += value  # type: ignore[assignment]

    booked = select(
        bookings.c.terminal_id, bookings.c.call_started_at, bookings.c.call_ended_at
    ).where(bookings.c.start >= period.start, bookings.c.start < period.end)
    for b in conn.execute(scope.apply(booked, bookings)):
        length = minutes(b.call_started_at, b.call_ended_at)
        if length is not None:
            take(b.terminal_id, "call_minutes", length)
    owners = {}
    for c in now_calls(conn, period=period, scope=scope):
        owners[c["id"]] = (c["terminal_id"], c["terminal_id"])
        take(c["terminal_id"], "now_calls")
        if now_held(c):
            take(c["terminal_id"], "now_held")
        if now_missed(c):
            take(c["terminal_id"], "now_missed")
        length = minutes(c["started_at"], c["ended_at"])
        if length is not None:
            take(c["terminal_id"], "call_minutes", length)
    owners |= {
        i: (terminal_id, terminal_id)
        for i, (_, terminal_id) in booked_calls(conn, period=period, scope=scope).items()
    }
    rated = call_ratings(conn, owners=owners)
    return {
        "counts": counts,
        "per_terminal": per_terminal,
        "ratings": [r for found in rated.values() for r in found],
    }
