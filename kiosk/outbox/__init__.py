"""The durable queue of what the terminal owes the hub, and the usage events that feed it.

- :mod:`~kiosk.outbox.queue` — :class:`Outbox` in ``outbox.db`` (never touched by sync);
- :mod:`~kiosk.outbox.telemetry` — :class:`Telemetry`, what screens call to record an event;
- :mod:`~kiosk.outbox.sink` — :class:`OutboxSink`, events into the queue off the UI thread;
- :mod:`~kiosk.outbox.delivery` — :class:`~kiosk.outbox.delivery.OutboxDelivery`, at-least-once
  delivery with backoff (imported by its full name: it uses the hub client).
"""

from kiosk.outbox.queue import (
    CALLBACK,
    EVENT,
    HEARTBEAT,
    PRIORITY_HIGH,
    PRIORITY_LOW,
    PRIORITY_NORMAL,
    RATING,
    SET_ASIDE,
    Item,
    Outbox,
)
from kiosk.outbox.sink import OutboxSink
from kiosk.outbox.telemetry import Telemetry

__all__ = [
    "CALLBACK",
    "EVENT",
    "HEARTBEAT",
    "PRIORITY_HIGH",
    "PRIORITY_LOW",
    "PRIORITY_NORMAL",
    "RATING",
    "SET_ASIDE",
    "Item",
    "Outbox",
    "OutboxSink",
    "Telemetry",
]
