"""The outbox as the sink of :class:`kiosk.outbox.telemetry.Telemetry`.

``Telemetry(OutboxSink(outbox)).record("search", query_len=2, results=0)`` queues the event in
``outbox.db`` with the event's own id, so the hub de-duplicates it. Writes happen on a small
writer thread (started on first use, never at import): a ``synchronous=FULL`` commit waits for
the disk, and the UI thread must not. Low-value, high-volume events get the low priority that
the full queue aggregates first.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid

from contract.events import refuse_personal_props
from kiosk.outbox.queue import EVENT, PRIORITY_HIGH, PRIORITY_LOW, PRIORITY_NORMAL, RATING, Outbox

logger = logging.getLogger(__name__)

# Event types as the screens record them (screens/*.py); the full queue folds low ones first.
LOW_PRIORITY_EVENTS = frozenset({"screen.view", "home.tile", "keyboard.mode", "idle.countdown"})
HIGH_PRIORITY_EVENTS = frozenset(
    {
        "rating",
        "service.rated",  # a resident's one-tap satisfaction answer: folded last
        "call_rated",
        "sync_rejected",
        "outbox_dropped",
        "booking.made",
        "booking.callback",
        "call.ended",
        "error.unexpected",
    }
)
WRITE_BATCH = 500


def priority_of(event_type: str) -> int:
    if event_type in LOW_PRIORITY_EVENTS:
        return PRIORITY_LOW
    if event_type in HIGH_PRIORITY_EVENTS:
        return PRIORITY_HIGH
    return PRIORITY_NORMAL


class OutboxSink:
    """``append(event)`` for events ``{"id", "type", "at", "props"}``; durable once written.

    :param outbox: the queue.
    :param background: write on a writer thread (True in the app); False writes at once (tests,
        CLI).
    """

    def __init__(self, outbox: Outbox, *, background: bool = True) -> None:
        self.outbox = outbox
        self.background = background
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def append(self, event: dict) -> None:
        props = event.get("props") or {}
        refuse_personal_props(event.get("type"), props)
        row = self._row(event)  # a malformed event fails here, in the caller, not on the writer
        if not self.background:
            self.outbox.enqueue_many([row])
            return
        self._queue.put(row)
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._drain, name="outbox-writer", daemon=True
                )
                self._thread.start()

    def _row(self, event: dict) -> tuple:
        payload = {"type": event["type"], "at": event["at"], "props": event.get("props") or {}}
        kind = RATING if event["type"] == "rating" else EVENT
        # The hub answers ids in canonical UUID form; store them that way so they match.
        return (kind, payload, priority_of(event["type"]), str(uuid.UUID(str(event["id"]))))

    def _drain(self) -> None:
        """Write what is waiting in one transaction per burst (one fsync, not one per event)."""
        done = False
        while not done:
            batch = [self._queue.get()]
            while len(batch) < WRITE_BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            if None in batch:
                done = True
                batch = [row for row in batch if row is not None]
            try:
                self.outbox.enqueue_many(batch)
            except Exception:  # boundary: a failed write is logged, the writer keeps going
                logger.exception("could not queue %d event(s)", len(batch))

    def flush(self, timeout_s: float | None = None) -> None:
        """Wait until every appended event is written (used at shutdown and in tests)."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout_s)
