"""The durable outbox: what the terminal must tell the hub, kept in ``<data>/outbox.db``.

Items are usage events, ratings, heartbeats and callback requests. Each has a UUID so the hub can
de-duplicate; delivery (:mod:`kiosk.outbox.delivery`) is at-least-once, which the hub's
de-duplication turns into exactly-once. This database is the outbox's alone: sync never touches it.

Durability: WAL with ``synchronous=FULL`` so a committed item survives power loss
(FIELD-NOTES: ``NORMAL`` may lose the last transaction). ``secure_delete`` is on so deleted
callback requests (the only items holding a resident's name and phone) leave no trace in free
pages; :meth:`Outbox.scrub` then checkpoints and vacuums so the WAL holds none either.

The queue is bounded (``max_items``, callback requests not counted and never dropped). When full,
low-priority events are first aggregated into counts (identical events become one with
``props.count``), then the oldest lowest-priority items are dropped and counted; the count goes
to the hub as an ``outbox_dropped`` event, so nothing is ever lost silently.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.sqlite_tx import immediate

logger = logging.getLogger(__name__)

OUTBOX_FILE = "outbox.db"
MAX_ITEMS = 50_000
FREE_FRACTION = 0.1  # when full, make room for this share of max_items at once

# Item kinds and how they travel to the hub.
EVENT = "event"  # POST /events
RATING = "rating"  # POST /events (type "rating")
HEARTBEAT = "heartbeat"  # POST /heartbeat; only the newest matters
CALLBACK = "callback"  # POST /callbacks; holds a name and phone until the hub confirms
KINDS = (EVENT, RATING, HEARTBEAT, CALLBACK)

PRIORITY_LOW = 0  # aggregated first (screen views and the like)
PRIORITY_NORMAL = 1
PRIORITY_HIGH = 2  # ratings, rejections, heartbeats
PRIORITY_KEEP = 3  # callback requests: outside the bound, never aggregated or dropped

PENDING = "pending"
SET_ASIDE = "set_aside"

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    created_at REAL NOT NULL,
    payload TEXT NOT NULL,
    priority INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    last_error TEXT,
    state TEXT NOT NULL DEFAULT 'pending'
);
CREATE INDEX IF NOT EXISTS items_due ON items (state, kind, next_attempt_at);
CREATE INDEX IF NOT EXISTS items_priority ON items (state, priority, created_at);
CREATE INDEX IF NOT EXISTS items_bound ON items (priority);
CREATE TABLE IF NOT EXISTS dropped (event_type TEXT PRIMARY KEY, count INTEGER NOT NULL);
"""


@dataclass(frozen=True)
class Item:
    """One queued item as read back from the database."""

    id: str
    kind: str
    created_at: float
    payload: dict
    priority: int
    attempts: int
    next_attempt_at: float
    last_error: str | None
    state: str


def iso_utc(timestamp: float) -> str:
    """A Unix time as ISO 8601 in UTC with an explicit offset."""
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


class Outbox:
    """A bounded, durable queue over one SQLite file; safe to share between threads.

    :param path: the database file (see :meth:`open` for the usual place).
    :param clock: returns the current Unix time in seconds (injected in tests).
    :param max_items: the bound on queued items, callback requests not counted.
    """

    def __init__(
        self, path: Path, *, clock: Callable[[], float] = time.time, max_items: int = MAX_ITEMS
    ) -> None:
        self.path = Path(path)
        self.clock = clock
        self.max_items = max_items
        self._lock = threading.RLock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=30
        )
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",
            "secure_delete=ON",
            "foreign_keys=ON",
        ):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.executescript(SCHEMA)

    def _transaction(self):
        """One write transaction, taken at once (``BEGIN IMMEDIATE``), under the thread lock."""
        return immediate(self._db, self._lock)

    @classmethod
    def open(cls, data_dir: Path, **kwargs) -> Outbox:
        """The outbox of a terminal's data folder (``<data>/outbox.db``)."""
        return cls(Path(data_dir) / OUTBOX_FILE, **kwargs)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- writing ---------------------------------------------------------------------------

    def enqueue(
        self,
        kind: str,
        payload: dict,
        *,
        priority: int = PRIORITY_NORMAL,
        item_id: str | None = None,
    ) -> str:
        """Queue one item durably (committed with ``synchronous=FULL`` before returning its id)."""
        return self.enqueue_many([(kind, payload, priority, item_id)])[0]

    def enqueue_many(self, items: list[tuple[str, dict, int, str | None]]) -> list[str]:
        """Queue ``(kind, payload, priority, item_id)`` items in one durable transaction."""
        rows = []
        now = self.clock()
        for kind, payload, priority, item_id in items:
            if kind not in KINDS:
                raise ValueError(f"unknown outbox kind {kind!r}")
            level = PRIORITY_KEEP if kind == CALLBACK else min(priority, PRIORITY_HIGH)
            body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
            rows.append((item_id or str(uuid.uuid4()), kind, now, body, level, now))
        with self._transaction():
            for row in rows:
                kind = row[1]
                if kind == HEARTBEAT:
                    # A heartbeat is state, not history: the newest replaces any still queued.
                    self._db.execute(
                        "DELETE FROM items WHERE kind = ? AND state = ?", (HEARTBEAT, PENDING)
                    )
                elif kind != CALLBACK and self._bounded_count() >= self.max_items:
                    self._make_room()
                # OR IGNORE: queuing the same id twice (a retried append) keeps one item.
                self._db.execute(
                    "INSERT OR IGNORE INTO items (id, kind, created_at, payload, priority, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)",
                    row,
                )
        return [row[0] for row in rows]

    def event(
        self,
        event_type: str,
        props: dict | None = None,
        *,
        priority: int = PRIORITY_NORMAL,
        at: float | None = None,
    ) -> str:
        """Queue a usage event ``{"type", "at", "props"}`` for ``POST /events``."""
        payload = {
            "type": event_type,
            "at": iso_utc(self.clock() if at is None else at),
            "props": props or {},
        }
        return self.enqueue(EVENT, payload, priority=priority)

    def _bounded_count(self) -> int:
        return self._db.execute(
            "SELECT count(*) FROM items WHERE priority < ?", (PRIORITY_KEEP,)
        ).fetchone()[0]

    def _make_room(self) -> None:
        """Aggregate, then drop, until a tenth of the bound is free. Runs inside a transaction."""
        target = self.max_items - max(1, int(self.max_items * FREE_FRACTION))
        for priority in (PRIORITY_LOW, PRIORITY_NORMAL):
            self._aggregate(priority)
            if self._bounded_count() <= target:
                return
        excess = self._bounded_count() - target
        victims = self._db.execute(
            "SELECT id, kind, payload FROM items WHERE priority < ? ORDER BY priority, created_at LIMIT ?",
            (PRIORITY_KEEP, excess),
        ).fetchall()
        for item_id, kind, payload in victims:
            event_type = json.loads(payload).get("type", kind) if kind in (EVENT, RATING) else kind
            self._db.execute(
                "INSERT INTO dropped (event_type, count) VALUES (?, 1) "
                "ON CONFLICT (event_type) DO UPDATE SET count = count + 1",
                (event_type,),
            )
            self._db.execute("DELETE FROM items WHERE id = ?", (item_id,))
        logger.warning("outbox full: dropped %d oldest low-priority items (counted)", len(victims))

    def _aggregate(self, priority: int) -> None:
        """Fold never-sent identical events of one priority into one event with a count.

        Only items never attempted are folded: one already sent may have reached the hub, and
        folding it would count it twice.
        """
        rows = self._db.execute(
            "SELECT id, created_at, payload FROM items WHERE kind = ? AND priority = ? AND attempts = 0 "
            "AND state = ? ORDER BY created_at",
            (EVENT, priority, PENDING),
        ).fetchall()
        groups: dict[str, list] = {}
        for row in rows:
            payload = json.loads(row[2])
            props = dict(payload.get("props") or {})
            count = props.pop("count", 1)
            props.pop("until", None)
            key = json.dumps([payload.get("type"), props], sort_keys=True, ensure_ascii=False)
            groups.setdefault(key, []).append((row[0], row[1], payload, count))
        for key, members in groups.items():
            if len(members) < 2:
                continue
            event_type, props = json.loads(key)
            first, last = members[0], members[-1]
            total = sum(int(m[3]) if isinstance(m[3], int) else 1 for m in members)
            merged = {
                "type": event_type,
                "at": first[2]["at"],
                "props": {**props, "count": total, "until": last[2]["at"]},
            }
            self._db.executemany("DELETE FROM items WHERE id = ?", [(m[0],) for m in members])
            self._db.execute(
                "INSERT INTO items (id, kind, created_at, payload, priority, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    str(uuid.uuid4()),
                    EVENT,
                    first[1],
                    json.dumps(merged, ensure_ascii=False),
                    priority,
                    first[1],
                ),
            )

    def flush_dropped(self) -> str | None:
        """Turn the dropped-item counters into one ``outbox_dropped`` event (same transaction)."""
        with self._transaction():
            counts = dict(self._db.execute("SELECT event_type, count FROM dropped").fetchall())
            if not counts:
                return None
            item_id = str(uuid.uuid4())
            payload = {
                "type": "outbox_dropped",
                "at": iso_utc(self.clock()),
                "props": {"count": sum(counts.values()), "types": counts},
            }
            now = self.clock()
            self._db.execute(
                "INSERT INTO items (id, kind, created_at, payload, priority, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)",
                (item_id, EVENT, now, json.dumps(payload, ensure_ascii=False), PRIORITY_HIGH, now),
            )
            self._db.execute("DELETE FROM dropped")
        return item_id

    # -- reading and delivery bookkeeping --------------------------------------------------

    def due(
        self, kinds: tuple[str, ...], *, limit: int = 100, now: float | None = None
    ) -> list[Item]:
        """Pending items of these kinds whose next attempt is due, highest priority and oldest first."""
        now = self.clock() if now is None else now
        marks = ",".join("?" for _ in kinds)
        with self._lock:
            rows = self._db.execute(
                f"SELECT * FROM items WHERE state = ? AND kind IN ({marks}) AND next_attempt_at <= ? "
                "ORDER BY priority DESC, created_at LIMIT ?",
                (PENDING, *kinds, now, limit),
            ).fetchall()
        return [self._item(row) for row in rows]

    def items(self, *, state: str | None = None) -> list[Item]:
        """Every item (optionally of one state), oldest first — for the maintenance screen and tests."""
        with self._lock:
            if state is None:
                rows = self._db.execute("SELECT * FROM items ORDER BY created_at").fetchall()
            else:
                rows = self._db.execute(
                    "SELECT * FROM items WHERE state = ? ORDER BY created_at", (state,)
                ).fetchall()
        return [self._item(row) for row in rows]

    @staticmethod
    def _item(row: tuple) -> Item:
        return Item(
            row[0], row[1], row[2], json.loads(row[3]), row[4], row[5], row[6], row[7], row[8]
        )

    def delivered(self, ids: list[str]) -> None:
        """Forget items the hub has confirmed (accepted or already held)."""
        with self._transaction():
            self._db.executemany("DELETE FROM items WHERE id = ?", [(i,) for i in ids])

    def failed(self, ids: list[str], error: str, *, delays_s: list[float]) -> None:
        """Count one more attempt and schedule the next one ``delays_s[i]`` seconds from now."""
        now = self.clock()
        with self._transaction():
            self._db.executemany(
                "UPDATE items SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?",
                [
                    (now + delay, error[:500], item_id)
                    for item_id, delay in zip(ids, delays_s, strict=True)
                ],
            )

    def set_aside(self, item_id: str, reason: str) -> None:
        """Park a poison item (refused by the hub with a 4xx) with its reason; the rest drains.

        A set-aside callback request keeps no name or phone: only the reason remains.
        """
        with self._transaction():
            row = self._db.execute("SELECT kind FROM items WHERE id = ?", (item_id,)).fetchone()
            if row is None:
                return
            scrubbed = row[0] == CALLBACK
            self._db.execute(
                "UPDATE items SET state = ?, attempts = attempts + 1, last_error = ?, payload = CASE WHEN ? THEN '{}' ELSE payload END WHERE id = ?",
                (SET_ASIDE, reason[:500], scrubbed, item_id),
            )
        if scrubbed:
            self.scrub()
        logger.warning("outbox item %s set aside: %s", item_id, reason[:200])

    def next_due_at(self) -> float | None:
        """When the earliest pending item becomes due (Unix time), or ``None`` when empty."""
        with self._lock:
            return self._db.execute(
                "SELECT min(next_attempt_at) FROM items WHERE state = ?", (PENDING,)
            ).fetchone()[0]

    def stats(self) -> dict:
        """``{"pending", "set_aside", "dropped_uncounted"}`` for heartbeats and the maintenance screen."""
        with self._lock:
            pending = self._db.execute(
                "SELECT count(*) FROM items WHERE state = ?", (PENDING,)
            ).fetchone()[0]
            aside = self._db.execute(
                "SELECT count(*) FROM items WHERE state = ?", (SET_ASIDE,)
            ).fetchone()[0]
            dropped = self._db.execute("SELECT coalesce(sum(count), 0) FROM dropped").fetchone()[0]
        return {"pending": pending, "set_aside": aside, "dropped_uncounted": dropped}

    def size(self) -> int:
        """Pending items (what heartbeats report as ``queue``)."""
        return self.stats()["pending"]

    def scrub(self) -> None:
        """Leave no trace of deleted rows: checkpoint the WAL to zero length, vacuum, checkpoint again.

        ``secure_delete`` already zeroes freed pages in the database; the WAL still holds the
        frames that once carried them until it is checkpointed and truncated.
        """
        with self._lock:
            for _ in range(50):
                busy = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                if not busy:
                    break
                time.sleep(0.02)
            self._db.execute("VACUUM")
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
